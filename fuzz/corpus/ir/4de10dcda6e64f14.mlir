func.func @float_max_relu(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.max %a, %b : tensor<4xf32>
  %1 = kiln.min %0, %b : tensor<4xf32>
  %2 = kiln.relu %1 : tensor<4xf32>
  return %2 : tensor<4xf32>
}
