func.func @gather(%t: tensor<3x10xf32>, %i: tensor<2x4xi64>) -> tensor<3x2x4xf32> {
  %0 = kiln.gather %t[%i] axis = 1 : (tensor<3x10xf32>, tensor<2x4xi64>) -> tensor<3x2x4xf32>
  return %0 : tensor<3x2x4xf32>
}
