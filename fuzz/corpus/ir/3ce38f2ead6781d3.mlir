func.func @avg_pool(%x: tensor<1x2x4x4xf32>, %c: tensor<1x2x3x3xf32>) -> tensor<f32> {
  %0 = kiln.avg_pool2d %x window = [2, 2] strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32>
  %1 = kiln.mul %0, %c : tensor<1x2x3x3xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<1x2x3x3xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
