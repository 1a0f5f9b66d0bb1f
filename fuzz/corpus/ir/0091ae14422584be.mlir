func.func @conv(%x: tensor<1x2x7x8xf32>, %w: tensor<4x2x3x2xf32>) -> tensor<1x4x6x4xf32> {
  %0 = kiln.conv2d %x, %w strides = [1, 2] padding = [2, 1, 1, 0] dilations = [2, 1] groups = 1 : (tensor<1x2x7x8xf32>, tensor<4x2x3x2xf32>) -> tensor<1x4x6x4xf32>
  return %0 : tensor<1x4x6x4xf32>
}
