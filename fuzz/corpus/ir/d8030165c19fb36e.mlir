func.func @dot_elements(%a: tensor<3x4xf32>, %b: tensor<4x6xbf16>) {
  %0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [0]> : (tensor<3x4xf32>, tensor<4x6xbf16>) -> tensor<3x6xf32>
  return
}
