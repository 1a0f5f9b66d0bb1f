func.func @dot_dim_range(%a: tensor<3x4xf32>, %b: tensor<4x6xf32>) {
  %0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [2]> : (tensor<3x4xf32>, tensor<4x6xf32>) -> tensor<3x6xf32>
  return
}
