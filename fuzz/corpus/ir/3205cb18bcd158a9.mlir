func.func @matmul(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>) -> tensor<f32> {
  %0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [0]> : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  %1 = kiln.reduce_sum %0 dims = [0, 1] : (tensor<4x5xf32>) -> tensor<f32>
  return %1 : tensor<f32>
}
