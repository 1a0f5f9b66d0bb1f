func.func @mlp(%x: tensor<8x16xf32>, %w1: tensor<16x32xf32>, %b1: tensor<32xf32>, %w2: tensor<32x10xf32>, %b2: tensor<10xf32>, %labels: tensor<8xi64>) -> tensor<f32> {
  %0 = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  %1 = kiln.add %0, %b1 : (tensor<8x32xf32>, tensor<32xf32>) -> tensor<8x32xf32>
  %2 = kiln.gelu %1 : tensor<8x32xf32>
  %3 = kiln.dot %2, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<8x32xf32>, tensor<32x10xf32>) -> tensor<8x10xf32>
  %4 = kiln.add %3, %b2 : (tensor<8x10xf32>, tensor<10xf32>) -> tensor<8x10xf32>
  %5 = kiln.cross_entropy %4, %labels : (tensor<8x10xf32>, tensor<8xi64>) -> tensor<f32>
  return %5 : tensor<f32>
}

func.func @cnn(%x: tensor<2x3x8x8xf32>, %w1: tensor<8x3x3x3xf32>, %b1: tensor<8xf32>, %w2: tensor<16x8x3x3xf32>, %scale: tensor<16xf32>, %bias: tensor<16xf32>, %mean: tensor<16xf32>, %var: tensor<16xf32>, %wf: tensor<16x5xf32>, %bf: tensor<5xf32>, %labels: tensor<2xi64>) -> tensor<f32> {
  %0 = kiln.conv2d %x, %w1 strides = [1, 1] padding = [1, 1, 1, 1] dilations = [1, 1] groups = 1 : (tensor<2x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<2x8x8x8xf32>
  %b = kiln.reshape %b1 : (tensor<8xf32>) -> tensor<8x1x1xf32>
  %1 = kiln.add %0, %b : (tensor<2x8x8x8xf32>, tensor<8x1x1xf32>) -> tensor<2x8x8x8xf32>
  %2 = kiln.relu %1 : tensor<2x8x8x8xf32>
  %3 = kiln.max_pool2d %2 window = [2, 2] strides = [2, 2] padding = [0, 0, 0, 0] : (tensor<2x8x8x8xf32>) -> tensor<2x8x4x4xf32>
  %4 = kiln.conv2d %3, %w2 strides = [2, 2] padding = [1, 1, 1, 1] dilations = [1, 1] groups = 1 : (tensor<2x8x4x4xf32>, tensor<16x8x3x3xf32>) -> tensor<2x16x2x2xf32>
  %5 = kiln.batch_norm %4, %scale, %bias, %mean, %var epsilon = 1.0e-05 : (tensor<2x16x2x2xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x16x2x2xf32>
  %6 = kiln.relu %5 : tensor<2x16x2x2xf32>
  %7 = kiln.global_avg_pool2d %6 : (tensor<2x16x2x2xf32>) -> tensor<2x16x1x1xf32>
  %8 = kiln.reshape %7 : (tensor<2x16x1x1xf32>) -> tensor<2x16xf32>
  %9 = kiln.dot %8, %wf, <batch = [] x [], contract = [1] x [0]> : (tensor<2x16xf32>, tensor<16x5xf32>) -> tensor<2x5xf32>
  %10 = kiln.add %9, %bf : (tensor<2x5xf32>, tensor<5xf32>) -> tensor<2x5xf32>
  %11 = kiln.cross_entropy %10, %labels : (tensor<2x5xf32>, tensor<2xi64>) -> tensor<f32>
  return %11 : tensor<f32>
}

func.func @block(%x: tensor<2x8x16xf32>, %g1: tensor<16xf32>, %c1: tensor<16xf32>, %wq: tensor<16x16xf32>, %wk: tensor<16x16xf32>, %wv: tensor<16x16xf32>, %wo: tensor<16x16xf32>, %g2: tensor<16xf32>, %c2: tensor<16xf32>, %w1: tensor<16x32xf32>, %w2: tensor<32x16xf32>, %target: tensor<2x8x16xf32>) -> tensor<f32> {
  %h = kiln.layer_norm %x scale %g1 bias %c1 axis = 2 epsilon = 1.0e-05 : (tensor<2x8x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
  %q0 = kiln.dot %h, %wq, <batch = [] x [], contract = [2] x [0]> : (tensor<2x8x16xf32>, tensor<16x16xf32>) -> tensor<2x8x16xf32>
  %k0 = kiln.dot %h, %wk, <batch = [] x [], contract = [2] x [0]> : (tensor<2x8x16xf32>, tensor<16x16xf32>) -> tensor<2x8x16xf32>
  %v0 = kiln.dot %h, %wv, <batch = [] x [], contract = [2] x [0]> : (tensor<2x8x16xf32>, tensor<16x16xf32>) -> tensor<2x8x16xf32>
  %q1 = kiln.reshape %q0 : (tensor<2x8x16xf32>) -> tensor<2x8x2x8xf32>
  %k1 = kiln.reshape %k0 : (tensor<2x8x16xf32>) -> tensor<2x8x2x8xf32>
  %v1 = kiln.reshape %v0 : (tensor<2x8x16xf32>) -> tensor<2x8x2x8xf32>
  %q = kiln.transpose %q1 permutation = [0, 2, 1, 3] : (tensor<2x8x2x8xf32>) -> tensor<2x2x8x8xf32>
  %k = kiln.transpose %k1 permutation = [0, 2, 1, 3] : (tensor<2x8x2x8xf32>) -> tensor<2x2x8x8xf32>
  %v = kiln.transpose %v1 permutation = [0, 2, 1, 3] : (tensor<2x8x2x8xf32>) -> tensor<2x2x8x8xf32>
  %a0 = kiln.attention %q, %k, %v causal : (tensor<2x2x8x8xf32>, tensor<2x2x8x8xf32>, tensor<2x2x8x8xf32>) -> tensor<2x2x8x8xf32>
  %a1 = kiln.transpose %a0 permutation = [0, 2, 1, 3] : (tensor<2x2x8x8xf32>) -> tensor<2x8x2x8xf32>
  %a = kiln.reshape %a1 : (tensor<2x8x2x8xf32>) -> tensor<2x8x16xf32>
  %o = kiln.dot %a, %wo, <batch = [] x [], contract = [2] x [0]> : (tensor<2x8x16xf32>, tensor<16x16xf32>) -> tensor<2x8x16xf32>
  %x1 = kiln.add %x, %o : tensor<2x8x16xf32>
  %h2 = kiln.layer_norm %x1 scale %g2 bias %c2 axis = 2 epsilon = 1.0e-05 : (tensor<2x8x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
  %m0 = kiln.dot %h2, %w1, <batch = [] x [], contract = [2] x [0]> : (tensor<2x8x16xf32>, tensor<16x32xf32>) -> tensor<2x8x32xf32>
  %m1 = kiln.gelu %m0 : tensor<2x8x32xf32>
  %m = kiln.dot %m1, %w2, <batch = [] x [], contract = [2] x [0]> : (tensor<2x8x32xf32>, tensor<32x16xf32>) -> tensor<2x8x16xf32>
  %y = kiln.add %x1, %m : tensor<2x8x16xf32>
  %loss = kiln.mse %y, %target : (tensor<2x8x16xf32>, tensor<2x8x16xf32>) -> tensor<f32>
  return %loss : tensor<f32>
}
