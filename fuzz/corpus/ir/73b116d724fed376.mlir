func.func @block(%x: tensor<16x32xf32>, %w: tensor<32x64xf32>, %img: tensor<1x3x8x8xf32>, %f: tensor<4x3x3x3xf32>) -> (tensor<16x64xf32>, tensor<1x4x6x6xf32>) {
  %0 = kiln.dot %x, %w, <batch = [] x [], contract = [1] x [0]> : (tensor<16x32xf32>, tensor<32x64xf32>) -> tensor<16x64xf32>
  %1 = kiln.relu %0 : tensor<16x64xf32>
  %2 = kiln.conv2d %img, %f strides = [1, 1] padding = [0, 0, 0, 0] dilations = [1, 1] groups = 1 : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %1, %2 : tensor<16x64xf32>, tensor<1x4x6x6xf32>
}

func.func @empty() {
  return
}
