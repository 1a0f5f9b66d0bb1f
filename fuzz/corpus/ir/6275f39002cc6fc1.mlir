func.func @reduce_mean_and_pool(%x: tensor<4x5x6xf32>, %y: tensor<1x3x5x7xf32>) -> (tensor<4xf32>, tensor<1x3x1x1xf32>) {
  %0 = kiln.reduce_mean %x dims = [1, 2] : (tensor<4x5x6xf32>) -> tensor<4xf32>
  %1 = kiln.global_avg_pool2d %y : (tensor<1x3x5x7xf32>) -> tensor<1x3x1x1xf32>
  return %0, %1 : tensor<4xf32>, tensor<1x3x1x1xf32>
}
