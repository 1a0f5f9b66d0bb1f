func.func @conv(%x: tensor<2x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %c: tensor<2x8x6x6xf32>) -> tensor<f32> {
  %0 = kiln.conv2d %x, %w strides = [1, 1] padding = [0, 0, 0, 0] dilations = [1, 1] groups = 1 : (tensor<2x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<2x8x6x6xf32>
  %1 = kiln.mul %0, %c : tensor<2x8x6x6xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<2x8x6x6xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
