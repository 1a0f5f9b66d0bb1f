func.func @norms(%x: tensor<2x3x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>, %g2: tensor<3x8xf32>, %c: tensor<2x3x8xf32>) -> tensor<f32> {
  %0 = kiln.layer_norm %x scale %g bias %b axis = 2 epsilon = 1.0e-05 : (tensor<2x3x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x3x8xf32>
  %1 = kiln.layer_norm %x scale %g2 axis = 1 epsilon = 1.0e-03 : (tensor<2x3x8xf32>, tensor<3x8xf32>) -> tensor<2x3x8xf32>
  %2 = kiln.add %0, %1 : tensor<2x3x8xf32>
  %3 = kiln.mul %2, %c : tensor<2x3x8xf32>
  %4 = kiln.reduce_sum %3 dims = [0, 1, 2] : (tensor<2x3x8xf32>) -> tensor<f32>
  return %4 : tensor<f32>
}

func.func @rms(%x: tensor<4x8xf32>, %g: tensor<8xf32>, %c: tensor<4x8xf32>) -> tensor<f32> {
  %0 = kiln.rms_norm %x scale %g axis = 1 epsilon = 1.0e-06 : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %1 = kiln.mul %0, %c : tensor<4x8xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1] : (tensor<4x8xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

func.func @batchnorm(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>, %c: tensor<2x3x4x4xf32>) -> tensor<f32> {
  %0 = kiln.batch_norm %x, %s, %b, %m, %v epsilon = 1.0e-05 : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  %1 = kiln.mul %0, %c : tensor<2x3x4x4xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<2x3x4x4xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

func.func @attention_causal(%q: tensor<2x4x6x8xf32>, %k: tensor<2x2x6x8xf32>, %v: tensor<2x2x6x8xf32>, %c: tensor<2x4x6x8xf32>) -> tensor<f32> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<2x4x6x8xf32>, tensor<2x2x6x8xf32>, tensor<2x2x6x8xf32>) -> tensor<2x4x6x8xf32>
  %1 = kiln.mul %0, %c : tensor<2x4x6x8xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<2x4x6x8xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

func.func @attention_masked(%q: tensor<1x2x5x4xf32>, %k: tensor<1x2x7x4xf32>, %v: tensor<1x2x7x3xf32>, %m: tensor<5x7xf32>, %c: tensor<1x2x5x3xf32>) -> tensor<f32> {
  %0 = kiln.attention %q, %k, %v mask %m scale = 0.3 : (tensor<1x2x5x4xf32>, tensor<1x2x7x4xf32>, tensor<1x2x7x3xf32>, tensor<5x7xf32>) -> tensor<1x2x5x3xf32>
  %1 = kiln.mul %0, %c : tensor<1x2x5x3xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<1x2x5x3xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

func.func @losses(%logits: tensor<6x5xf32>, %labels: tensor<6xi64>, %p: tensor<4x3xf32>, %t: tensor<4x3xf32>) -> tensor<f32> {
  %0 = kiln.cross_entropy %logits, %labels : (tensor<6x5xf32>, tensor<6xi64>) -> tensor<f32>
  %1 = kiln.mse %p, %t reduction = sum : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<f32>
  %2 = kiln.add %0, %1 : tensor<f32>
  return %2 : tensor<f32>
}

func.func @global_pool(%x: tensor<2x3x4x5xf32>, %c: tensor<2x3x1x1xf32>) -> tensor<f32> {
  %0 = kiln.global_avg_pool2d %x : (tensor<2x3x4x5xf32>) -> tensor<2x3x1x1xf32>
  %1 = kiln.mul %0, %c : tensor<2x3x1x1xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<2x3x1x1xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
