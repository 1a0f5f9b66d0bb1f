func.func @missing(%a: tensor<4xf32> {kiln.donated_to = 2 : i64}) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}
