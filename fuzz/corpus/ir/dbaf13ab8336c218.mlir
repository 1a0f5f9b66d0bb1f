func.func @avg_pool(%y: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %0 = kiln.avg_pool2d %y window = [3, 3] strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}
