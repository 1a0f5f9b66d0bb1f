func.func @scatter_elements_bool_add(%x: tensor<4x8xi1>, %i: tensor<4x2xi64>, %u: tensor<4x2xi1>) {
  %0 = kiln.scatter_elements %x[%i] = %u axis = 1 reduction = add : (tensor<4x8xi1>, tensor<4x2xi64>, tensor<4x2xi1>) -> tensor<4x8xi1>
  return
}
