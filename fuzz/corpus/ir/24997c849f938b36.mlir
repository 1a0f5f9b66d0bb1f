func.func @scatter_elements_larger(%x: tensor<4x8xf32>, %i: tensor<5x2xi64>, %u: tensor<5x2xf32>) {
  %0 = kiln.scatter_elements %x[%i] = %u axis = 1 reduction = none : (tensor<4x8xf32>, tensor<5x2xi64>, tensor<5x2xf32>) -> tensor<4x8xf32>
  return
}
