func.func @gelu_of_integers(%a: tensor<4xi8>) {
  %0 = kiln.gelu %a : tensor<4xi8>
  return
}
