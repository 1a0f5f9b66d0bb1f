func.func @dot_general_int(%a: tensor<2x3x4xi32>, %b: tensor<3x5x2xi32>) -> tensor<2x4x5xi32> {
  %0 = kiln.dot %a, %b, <batch = [0] x [2], contract = [1] x [0]> : (tensor<2x3x4xi32>, tensor<3x5x2xi32>) -> tensor<2x4x5xi32>
  return %0 : tensor<2x4x5xi32>
}
