func.func @mlp(%x: tensor<8x16xf32>, %w1: tensor<16x32xf32>, %b1: tensor<32xf32>, %w2: tensor<32x10xf32>, %b2: tensor<10xf32>) -> tensor<8x10xf32> {
  %0 = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  %1 = kiln.add %0, %b1 : (tensor<8x32xf32>, tensor<32xf32>) -> tensor<8x32xf32>
  %2 = kiln.relu %1 : tensor<8x32xf32>
  %3 = kiln.dot %2, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<8x32xf32>, tensor<32x10xf32>) -> tensor<8x10xf32>
  %4 = kiln.add %3, %b2 : (tensor<8x10xf32>, tensor<10xf32>) -> tensor<8x10xf32>
  return %4 : tensor<8x10xf32>
}

func.func @regression(%x: tensor<4x6xf32>, %w: tensor<6x3xf32>, %b: tensor<3xf32>) -> tensor<4x3xf32> {
  %0 = kiln.dot %x, %w, <batch = [] x [], contract = [1] x [0]> : (tensor<4x6xf32>, tensor<6x3xf32>) -> tensor<4x3xf32>
  %1 = kiln.add %0, %b : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %2 = kiln.tanh %1 : tensor<4x3xf32>
  return %2 : tensor<4x3xf32>
}

func.func @convnet(%x: tensor<2x1x5x5xf32> {kiln.name = "image"}) -> tensor<2x4xf32> {
  %w = kiln.constant {kiln.name = "conv.weight"} dense<0.25> : tensor<4x1x3x3xf32>
  %scale = kiln.constant {kiln.name = "bn.weight"} dense<1.0> : tensor<4xf32>
  %bias = kiln.constant {kiln.name = "bn.bias"} dense<0.0> : tensor<4xf32>
  %mean = kiln.constant {kiln.name = "bn.running_mean"} dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %var = kiln.constant {kiln.name = "bn.running_var"} dense<[0.5, 1.0, 1.5, 2.0]> : tensor<4xf32>
  %0 = kiln.conv2d %x, %w strides = [1, 1] padding = [0, 0, 0, 0] dilations = [1, 1] groups = 1 : (tensor<2x1x5x5xf32>, tensor<4x1x3x3xf32>) -> tensor<2x4x3x3xf32>
  %1 = kiln.batch_norm %0, %scale, %bias, %mean, %var epsilon = 1.0e-05 : (tensor<2x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x3x3xf32>
  %2 = kiln.global_avg_pool2d %1 : (tensor<2x4x3x3xf32>) -> tensor<2x4x1x1xf32>
  %3 = kiln.reshape %2 : (tensor<2x4x1x1xf32>) -> tensor<2x4xf32>
  return %3 : tensor<2x4xf32>
}
