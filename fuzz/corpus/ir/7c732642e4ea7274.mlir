func.func @gather_elements_larger(%x: tensor<4x8xf32>, %i: tensor<5x2xi64>) {
  %0 = kiln.gather_elements %x[%i] axis = 1 : (tensor<4x8xf32>, tensor<5x2xi64>) -> tensor<5x2xf32>
  return
}
