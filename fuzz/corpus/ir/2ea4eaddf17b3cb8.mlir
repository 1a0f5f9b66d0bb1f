func.func @dot_batched(%a: tensor<3x2x4xf32>, %b: tensor<2x3x5xf32>) -> tensor<f32> {
  %0 = kiln.dot %a, %b, <batch = [1] x [0], contract = [0] x [1]> : (tensor<3x2x4xf32>, tensor<2x3x5xf32>) -> tensor<2x4x5xf32>
  %1 = kiln.reduce_sum %0 dims = [0, 1, 2] : (tensor<2x4x5xf32>) -> tensor<f32>
  return %1 : tensor<f32>
}
