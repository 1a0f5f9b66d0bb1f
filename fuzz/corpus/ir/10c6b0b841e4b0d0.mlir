func.func @log_of_integers(%a: tensor<4xi8>) {
  %0 = kiln.log %a : tensor<4xi8>
  return
}
