func.func @scatter_elements_result(%x: tensor<4x8xf32>, %i: tensor<4x2xi64>, %u: tensor<4x2xf32>) {
  %0 = kiln.scatter_elements %x[%i] = %u axis = 1 reduction = none : (tensor<4x8xf32>, tensor<4x2xi64>, tensor<4x2xf32>) -> tensor<4x8xf64>
  return
}
