func.func @silu_of_integers(%a: tensor<4xi8>) {
  %0 = kiln.silu %a : tensor<4xi8>
  return
}
