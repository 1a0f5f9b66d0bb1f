// Gradients of composite ops, which autodiff takes through their
// decomposition: normalizations, attention (the softmax backward on
// recomputed probabilities) and losses. Checked against torch autograd and
// f64 finite differences.

// RUN: %gradcheck %s --function norms --wrt 0,1,2,3 --inputs "2x3x8xf32, 8xf32, 8xf32, 3x8xf32, 2x3x8xf32" --torch "((F.layer_norm(t0, (8,), t1, t2) + F.layer_norm(t0, (3, 8), t3, None, 1e-3)) * t4).sum()"
// RUN: %gradcheck %s --function norms --wrt 0,1,2,3 --inputs "2x3x8xf32, 8xf32, 8xf32, 3x8xf32, 2x3x8xf32" --fd
// RUN: %gradcheck %s --function rms --wrt 0,1 --inputs "4x8xf32, 8xf32, 4x8xf32" --torch "((t0 * torch.rsqrt((t0 * t0).mean(-1, keepdim=True) + 1e-6) * t1) * t2).sum()"
// RUN: %gradcheck %s --function rms --wrt 0,1 --inputs "4x8xf32, 8xf32, 4x8xf32" --fd
// RUN: %gradcheck %s --function batchnorm --wrt 0,1,2 --inputs "2x3x4x4xf32, 3xf32, 3xf32, 3xf32, 3xf32:0.5..2, 2x3x4x4xf32" --torch "(F.batch_norm(t0, t3, t4, t1, t2, False, 0.1, 1e-5) * t5).sum()"
// RUN: %gradcheck %s --function batchnorm --wrt 0,1,2 --inputs "2x3x4x4xf32, 3xf32, 3xf32, 3xf32, 3xf32:0.5..2, 2x3x4x4xf32" --fd
// RUN: %gradcheck %s --function attention_causal --wrt 0,1,2 --inputs "2x4x6x8xf32, 2x2x6x8xf32, 2x2x6x8xf32, 2x4x6x8xf32" --torch "(torch.softmax((t0 @ t1.repeat_interleave(2, 1).transpose(-1, -2) / 8 ** 0.5).masked_fill(torch.ones(6, 6, dtype=torch.bool).triu(1), float('-inf')), -1) @ t2.repeat_interleave(2, 1) * t3).sum()"
// RUN: %gradcheck %s --function attention_causal --wrt 0,1,2 --inputs "2x4x6x8xf32, 2x2x6x8xf32, 2x2x6x8xf32, 2x4x6x8xf32" --fd
// RUN: %gradcheck %s --function attention_masked --wrt 0,1,2,3 --inputs "1x2x5x4xf32, 1x2x7x4xf32, 1x2x7x3xf32, 5x7xf32, 1x2x5x3xf32" --torch "(torch.softmax(t0 @ t1.transpose(-1, -2) * 0.3 + t3, -1) @ t2 * t4).sum()"
// RUN: %gradcheck %s --function attention_masked --wrt 0,1,2,3 --inputs "1x2x5x4xf32, 1x2x7x4xf32, 1x2x7x3xf32, 5x7xf32, 1x2x5x3xf32" --fd
// RUN: %gradcheck %s --function losses --wrt 0,2,3 --inputs "6x5xf32, 6xi64:0..5, 4x3xf32, 4x3xf32" --torch "F.cross_entropy(t0, t1) + F.mse_loss(t2, t3, reduction='sum')"
// RUN: %gradcheck %s --function losses --wrt 0,2,3 --inputs "6x5xf32, 6xi64:0..5, 4x3xf32, 4x3xf32" --fd
// RUN: %gradcheck %s --function global_pool --wrt 0 --inputs "2x3x4x5xf32, 2x3x1x1xf32" --torch "(F.adaptive_avg_pool2d(t0, 1) * t1).sum()"
// RUN: %gradcheck %s --function global_pool --wrt 0 --inputs "2x3x4x5xf32, 2x3x1x1xf32" --fd

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

// Grouped-query heads (4 query heads over 2 kv heads), causal.
func.func @attention_causal(%q: tensor<2x4x6x8xf32>, %k: tensor<2x2x6x8xf32>, %v: tensor<2x2x6x8xf32>, %c: tensor<2x4x6x8xf32>) -> tensor<f32> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<2x4x6x8xf32>, tensor<2x2x6x8xf32>, tensor<2x2x6x8xf32>) -> tensor<2x4x6x8xf32>
  %1 = kiln.mul %0, %c : tensor<2x4x6x8xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<2x4x6x8xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

// A float mask that is itself differentiated, an explicit scale, Sq != Sk
// and a value width different from the key width.
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
