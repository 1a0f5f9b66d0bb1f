func.func @dot_general(%a: tensor<2x3x4xf32>, %b: tensor<3x5x2xf32>) -> tensor<2x4x5xf32> {
  %0 = kiln.dot %a, %b, <batch = [0] x [2], contract = [1] x [0]> : (tensor<2x3x4xf32>, tensor<3x5x2xf32>) -> tensor<2x4x5xf32>
  return %0 : tensor<2x4x5xf32>
}
