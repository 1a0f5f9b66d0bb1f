func.func @matmul(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>, %c: tensor<4x5xf32>) -> tensor<f32> {
  %0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [0]> : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  %1 = kiln.mul %0, %c : tensor<4x5xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1] : (tensor<4x5xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

func.func @dot_general(%a: tensor<3x2x4x5xf32>, %b: tensor<5x2x6x3xf32>, %c: tensor<2x4x6xf32>) -> tensor<f32> {
  %0 = kiln.dot %a, %b, <batch = [1] x [1], contract = [0, 3] x [3, 0]> : (tensor<3x2x4x5xf32>, tensor<5x2x6x3xf32>) -> tensor<2x4x6xf32>
  %1 = kiln.mul %0, %c : tensor<2x4x6xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2] : (tensor<2x4x6xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

func.func @conv(%x: tensor<2x4x9x8xf32>, %w: tensor<6x2x3x2xf32>, %c: tensor<2x6x4x5xf32>) -> tensor<f32> {
  %0 = kiln.conv2d %x, %w strides = [2, 1] padding = [1, 0, 1, 0] dilations = [1, 2] groups = 2 : (tensor<2x4x9x8xf32>, tensor<6x2x3x2xf32>) -> tensor<2x6x5x6xf32>
  %1 = kiln.slice %0 [0:2:1, 0:6:1, 0:4:1, 0:5:1] : (tensor<2x6x5x6xf32>) -> tensor<2x6x4x5xf32>
  %2 = kiln.mul %1, %c : tensor<2x6x4x5xf32>
  %3 = kiln.reduce_sum %2 dims = [0, 1, 2, 3] : (tensor<2x6x4x5xf32>) -> tensor<f32>
  return %3 : tensor<f32>
}

func.func @depthwise(%x: tensor<1x3x7x7xf32>, %w: tensor<3x1x3x3xf32>, %c: tensor<1x3x4x4xf32>) -> tensor<f32> {
  %0 = kiln.conv2d %x, %w strides = [2, 2] padding = [2, 1, 1, 1] dilations = [1, 1] groups = 3 : (tensor<1x3x7x7xf32>, tensor<3x1x3x3xf32>) -> tensor<1x3x4x4xf32>
  %1 = kiln.mul %0, %c : tensor<1x3x4x4xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<1x3x4x4xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

func.func @pools(%x: tensor<2x3x7x7xf32>, %a: tensor<2x3x4x4xf32>, %b: tensor<2x3x3x3xf32>) -> tensor<f32> {
  %0 = kiln.max_pool2d %x window = [3, 3] strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<2x3x7x7xf32>) -> tensor<2x3x4x4xf32>
  %1 = kiln.mul %0, %a : tensor<2x3x4x4xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<2x3x4x4xf32>) -> tensor<f32>
  %3 = kiln.avg_pool2d %x window = [3, 3] strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<2x3x7x7xf32>) -> tensor<2x3x4x4xf32>
  %4 = kiln.slice %3 [0:2:1, 0:3:1, 0:3:1, 0:3:1] : (tensor<2x3x4x4xf32>) -> tensor<2x3x3x3xf32>
  %5 = kiln.mul %4, %b : tensor<2x3x3x3xf32>
  %6 = kiln.reduce_sum %5 dims = [0, 1, 2, 3] : (tensor<2x3x3x3xf32>) -> tensor<f32>
  %7 = kiln.add %2, %6 : tensor<f32>
  return %7 : tensor<f32>
}
