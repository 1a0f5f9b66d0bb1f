func.func @donated(%a: tensor<4xf32> {kiln.donated_to = "result"}) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}
