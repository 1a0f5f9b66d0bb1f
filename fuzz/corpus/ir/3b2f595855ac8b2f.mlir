func.func @sigmoid_of_integers(%a: tensor<4xi8>) {
  %0 = kiln.sigmoid %a : tensor<4xi8>
  return
}
