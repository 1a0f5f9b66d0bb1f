// Gradients of dot, conv2d and pooling, checked against torch autograd and
// against f64 finite differences of the forward.

// RUN: %gradcheck %s --function matmul --wrt 0,1 --inputs "4x3xf32, 3x5xf32, 4x5xf32" --torch "((t0 @ t1) * t2).sum()"
// RUN: %gradcheck %s --function matmul --wrt 0,1 --inputs "4x3xf32, 3x5xf32, 4x5xf32" --fd
// RUN: %gradcheck %s --function dot_general --wrt 0,1 --inputs "3x2x4x5xf32, 5x2x6x3xf32, 2x4x6xf32" --torch "(torch.einsum('kbmc,cbnk->bmn', t0, t1) * t2).sum()"
// RUN: %gradcheck %s --function dot_general --wrt 0,1 --inputs "3x2x4x5xf32, 5x2x6x3xf32, 2x4x6xf32" --fd
// RUN: %gradcheck %s --function conv --wrt 0,1 --inputs "2x4x9x8xf32, 6x2x3x2xf32, 2x6x4x5xf32" --torch "(F.conv2d(t0, t1, stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2)[:, :, :4, :5] * t2).sum()"
// RUN: %gradcheck %s --function conv --wrt 0,1 --inputs "2x4x9x8xf32, 6x2x3x2xf32, 2x6x4x5xf32" --fd
// RUN: %gradcheck %s --function depthwise --wrt 0,1 --inputs "1x3x7x7xf32, 3x1x3x3xf32, 1x3x4x4xf32" --torch "(F.conv2d(F.pad(t0, (1, 1, 2, 1)), t1, stride=2, groups=3) * t2).sum()"
// RUN: %gradcheck %s --function depthwise --wrt 0,1 --inputs "1x3x7x7xf32, 3x1x3x3xf32, 1x3x4x4xf32" --fd
// RUN: %gradcheck %s --function pools --wrt 0 --inputs "2x3x7x7xf32, 2x3x4x4xf32, 2x3x3x3xf32" --torch "(F.max_pool2d(t0, 3, 2, 1) * t1).sum() + (F.avg_pool2d(t0, 3, 2, 1, count_include_pad=False)[:, :, :3, :3] * t2).sum()"
// RUN: %gradcheck %s --function pools --wrt 0 --inputs "2x3x7x7xf32, 2x3x4x4xf32, 2x3x3x3xf32" --fd

func.func @matmul(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>, %c: tensor<4x5xf32>) -> tensor<f32> {
  %0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [0]> : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  %1 = kiln.mul %0, %c : tensor<4x5xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1] : (tensor<4x5xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

// Batch and contracting dimensions in unusual places on both sides.
func.func @dot_general(%a: tensor<3x2x4x5xf32>, %b: tensor<5x2x6x3xf32>, %c: tensor<2x4x6xf32>) -> tensor<f32> {
  %0 = kiln.dot %a, %b, <batch = [1] x [1], contract = [0, 3] x [3, 0]> : (tensor<3x2x4x5xf32>, tensor<5x2x6x3xf32>) -> tensor<2x4x6xf32>
  %1 = kiln.mul %0, %c : tensor<2x4x6xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2] : (tensor<2x4x6xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

// Grouped, strided and dilated: OH = (9 + 1 + 1 - 3) / 2 + 1 = 5 and
// OW = (8 - 2 - 1) / 1 + 1 = 6; the loss reads the [4, 5] corner, so some
// input rows and columns get no gradient.
func.func @conv(%x: tensor<2x4x9x8xf32>, %w: tensor<6x2x3x2xf32>, %c: tensor<2x6x4x5xf32>) -> tensor<f32> {
  %0 = kiln.conv2d %x, %w strides = [2, 1] padding = [1, 0, 1, 0] dilations = [1, 2] groups = 2 : (tensor<2x4x9x8xf32>, tensor<6x2x3x2xf32>) -> tensor<2x6x5x6xf32>
  %1 = kiln.slice %0 [0:2:1, 0:6:1, 0:4:1, 0:5:1] : (tensor<2x6x5x6xf32>) -> tensor<2x6x4x5xf32>
  %2 = kiln.mul %1, %c : tensor<2x6x4x5xf32>
  %3 = kiln.reduce_sum %2 dims = [0, 1, 2, 3] : (tensor<2x6x4x5xf32>) -> tensor<f32>
  return %3 : tensor<f32>
}

// Depthwise with padding larger at the top than the window reaches back.
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
