func.func @gather(%table: tensor<10x4xf32>, %ids: tensor<2x3xi64>, %c: tensor<2x3x4xf32>) -> tensor<f32> {
  %0 = kiln.gather %table[%ids] axis = 0 : (tensor<10x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
  %1 = kiln.mul %0, %c : tensor<2x3x4xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2] : (tensor<2x3x4xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
