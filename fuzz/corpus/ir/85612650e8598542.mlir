func.func @matmul(%a: tensor<16x32xf32>, %b: tensor<32x24xf32>) -> tensor<16x24xf32> {
  %0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [0]> : (tensor<16x32xf32>, tensor<32x24xf32>) -> tensor<16x24xf32>
  return %0 : tensor<16x24xf32>
}
func.func @matmul_edges(%a: tensor<75x600xf32>, %b: tensor<600x70xf32>) -> tensor<75x70xf32> {
  %0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [0]> : (tensor<75x600xf32>, tensor<600x70xf32>) -> tensor<75x70xf32>
  return %0 : tensor<75x70xf32>
}
func.func @matmul_wide(%a: tensor<9x300xf32>, %b: tensor<300x2056xf32>) -> tensor<9x2056xf32> {
  %0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [0]> : (tensor<9x300xf32>, tensor<300x2056xf32>) -> tensor<9x2056xf32>
  return %0 : tensor<9x2056xf32>
}
func.func @batch_matmul_blocked(%a: tensor<3x40x300xf32>, %b: tensor<3x300x50xf32>) -> tensor<3x40x50xf32> {
  %0 = kiln.dot %a, %b, <batch = [0] x [0], contract = [2] x [1]> : (tensor<3x40x300xf32>, tensor<3x300x50xf32>) -> tensor<3x40x50xf32>
  return %0 : tensor<3x40x50xf32>
}
func.func @matmul_i32(%a: tensor<4x8xi32>, %b: tensor<8x3xi32>) -> tensor<4x3xi32> {
  %0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [0]> : (tensor<4x8xi32>, tensor<8x3xi32>) -> tensor<4x3xi32>
  return %0 : tensor<4x3xi32>
}
func.func @batch_matmul(%a: tensor<3x8x16xf32>, %b: tensor<3x16x5xf32>) -> tensor<3x8x5xf32> {
  %0 = kiln.dot %a, %b, <batch = [0] x [0], contract = [2] x [1]> : (tensor<3x8x16xf32>, tensor<3x16x5xf32>) -> tensor<3x8x5xf32>
  return %0 : tensor<3x8x5xf32>
}
func.func @dot_transposed(%q: tensor<2x4x6x8xf32>, %k: tensor<2x4x5x8xf32>) -> tensor<2x4x6x5xf32> {
  %0 = kiln.dot %q, %k, <batch = [0, 1] x [0, 1], contract = [3] x [3]> : (tensor<2x4x6x8xf32>, tensor<2x4x5x8xf32>) -> tensor<2x4x6x5xf32>
  return %0 : tensor<2x4x6x5xf32>
}
func.func @dot_general(%a: tensor<5x2x3xf32>, %b: tensor<3x7x5xf32>) -> tensor<5x2x7xf32> {
  %0 = kiln.dot %a, %b, <batch = [0] x [2], contract = [2] x [0]> : (tensor<5x2x3xf32>, tensor<3x7x5xf32>) -> tensor<5x2x7xf32>
  return %0 : tensor<5x2x7xf32>
}
func.func @conv(%x: tensor<2x3x9x9xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<2x8x5x5xf32> {
  %0 = kiln.conv2d %x, %w strides = [2, 2] padding = [1, 1, 1, 1] dilations = [1, 1] groups = 1 : (tensor<2x3x9x9xf32>, tensor<8x3x3x3xf32>) -> tensor<2x8x5x5xf32>
  return %0 : tensor<2x8x5x5xf32>
}
func.func @conv_asym(%x: tensor<1x2x7x8xf32>, %w: tensor<4x2x3x2xf32>) -> tensor<1x4x6x4xf32> {
  %0 = kiln.conv2d %x, %w strides = [1, 2] padding = [2, 1, 1, 0] dilations = [2, 1] groups = 1 : (tensor<1x2x7x8xf32>, tensor<4x2x3x2xf32>) -> tensor<1x4x6x4xf32>
  return %0 : tensor<1x4x6x4xf32>
}
func.func @conv_grouped(%x: tensor<1x4x6x6xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x4x4xf32> {
  %0 = kiln.conv2d %x, %w strides = [1, 1] padding = [0, 0, 0, 0] dilations = [1, 1] groups = 2 : (tensor<1x4x6x6xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x4x4xf32>
  return %0 : tensor<1x6x4x4xf32>
}
func.func @conv_grouped_gemm(%x: tensor<2x8x9x9xf32>, %w: tensor<12x4x3x3xf32>) -> tensor<2x12x5x7xf32> {
  %0 = kiln.conv2d %x, %w strides = [2, 1] padding = [1, 1, 1, 1] dilations = [1, 2] groups = 2 : (tensor<2x8x9x9xf32>, tensor<12x4x3x3xf32>) -> tensor<2x12x5x7xf32>
  return %0 : tensor<2x12x5x7xf32>
}
func.func @conv_pointwise(%x: tensor<2x16x5x7xf32>, %w: tensor<8x16x1x1xf32>) -> tensor<2x8x5x7xf32> {
  %0 = kiln.conv2d %x, %w strides = [1, 1] padding = [0, 0, 0, 0] dilations = [1, 1] groups = 1 : (tensor<2x16x5x7xf32>, tensor<8x16x1x1xf32>) -> tensor<2x8x5x7xf32>
  return %0 : tensor<2x8x5x7xf32>
}
func.func @conv_depthwise(%x: tensor<1x4x6x6xf32>, %w: tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %0 = kiln.conv2d %x, %w strides = [1, 1] padding = [1, 1, 1, 1] dilations = [1, 1] groups = 4 : (tensor<1x4x6x6xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}
func.func @max_pool(%x: tensor<2x3x8x8xf32>) -> tensor<2x3x4x4xf32> {
  %0 = kiln.max_pool2d %x window = [3, 3] strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<2x3x8x8xf32>) -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}
func.func @avg_pool(%x: tensor<2x3x8x8xf32>) -> tensor<2x3x4x4xf32> {
  %0 = kiln.avg_pool2d %x window = [3, 3] strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<2x3x8x8xf32>) -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}
func.func @global_avg_pool(%x: tensor<2x3x5x7xf32>) -> tensor<2x3x1x1xf32> {
  %0 = kiln.global_avg_pool2d %x : (tensor<2x3x5x7xf32>) -> tensor<2x3x1x1xf32>
  return %0 : tensor<2x3x1x1xf32>
}
