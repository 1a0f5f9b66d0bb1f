func.func @erf_of_integers(%a: tensor<4xi8>) {
  %0 = kiln.erf %a : tensor<4xi8>
  return
}
