func.func @compare_same_integers(%i: tensor<3xi64>, %f: tensor<3xf32>) -> (tensor<3xi1>, tensor<3xi1>, tensor<3xi1>) {
  %0 = kiln.compare le, %i, %i : tensor<3xi64>
  %1 = kiln.compare ne, %i, %i : tensor<3xi64>
  %2 = kiln.compare eq, %f, %f : tensor<3xf32>
  return %0, %1, %2 : tensor<3xi1>, tensor<3xi1>, tensor<3xi1>
}
