func.func @integer_ops(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = kiln.div %a, %b : tensor<4xi32>
  %1 = kiln.max %0, %b : tensor<4xi32>
  %2 = kiln.neg %1 : tensor<4xi32>
  %3 = kiln.abs %2 : tensor<4xi32>
  return %3 : tensor<4xi32>
}
