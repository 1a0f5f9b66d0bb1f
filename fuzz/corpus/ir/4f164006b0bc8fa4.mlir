func.func @sqrt_of_integers(%a: tensor<4xi8>) {
  %0 = kiln.sqrt %a : tensor<4xi8>
  return
}
