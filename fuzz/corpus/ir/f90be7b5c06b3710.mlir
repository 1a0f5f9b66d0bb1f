func.func @gather_float_indices(%t: tensor<8x4xf32>, %i: tensor<3xf32>) {
  %0 = kiln.gather %t[%i] axis = 0 : (tensor<8x4xf32>, tensor<3xf32>) -> tensor<3x4xf32>
  return
}
