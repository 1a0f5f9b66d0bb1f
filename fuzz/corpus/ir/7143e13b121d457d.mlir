func.func @conv_too_small(%x: tensor<1x3x4x4xf32>, %w: tensor<4x3x3x3xf32>) {
  %0 = kiln.conv2d %x, %w strides = [1, 1] padding = [0, 0, 0, 0] dilations = [2, 2] groups = 1 : (tensor<1x3x4x4xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x1x1xf32>
  return
}
