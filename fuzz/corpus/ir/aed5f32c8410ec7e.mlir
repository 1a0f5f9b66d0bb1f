func.func @tanh_of_integers(%a: tensor<4xi8>) {
  %0 = kiln.tanh %a : tensor<4xi8>
  return
}
