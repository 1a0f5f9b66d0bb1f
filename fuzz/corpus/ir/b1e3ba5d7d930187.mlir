func.func @rsqrt_of_integers(%a: tensor<4xi8>) {
  %0 = kiln.rsqrt %a : tensor<4xi8>
  return
}
