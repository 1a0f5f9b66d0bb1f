func.func @attention(%q: tensor<1x2x4x8xf32>, %k: tensor<1x2x4x8xf32>, %v: tensor<1x2x4x8xf32>) -> tensor<f32> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  %1 = kiln.mul %0, %0 : tensor<1x2x4x8xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<1x2x4x8xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
