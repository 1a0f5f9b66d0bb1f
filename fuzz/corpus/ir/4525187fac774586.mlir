func.func @gather_elements_result(%x: tensor<4x8xf32>, %i: tensor<4x2xi64>) {
  %0 = kiln.gather_elements %x[%i] axis = 1 : (tensor<4x8xf32>, tensor<4x2xi64>) -> tensor<4x2xi64>
  return
}
