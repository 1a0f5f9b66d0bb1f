func.func @dot_contract_size(%a: tensor<3x4xf32>, %b: tensor<5x6xf32>) {
  %0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [0]> : (tensor<3x4xf32>, tensor<5x6xf32>) -> tensor<3x6xf32>
  return
}
