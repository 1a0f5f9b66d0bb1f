func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %l = kiln.log %x : tensor<4xf32>
  %m = kiln.mul %l, %l : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %e = kiln.exp %m : tensor<4xf32>
  %s = kiln.add %e, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %s : tensor<4xf32>
}
