func.func @involutions(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %n = kiln.neg %x : tensor<4xf32>
  %0 = kiln.neg %n : tensor<4xf32>
  %a = kiln.abs %x : tensor<4xf32>
  %1 = kiln.abs %a : tensor<4xf32>
  %r = kiln.relu %x : tensor<4xf32>
  %2 = kiln.relu %r : tensor<4xf32>
  %3 = kiln.max %x, %x : tensor<4xf32>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
