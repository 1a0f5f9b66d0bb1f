func.func @twice(%a: tensor<4xf32> {kiln.donated_to = 0 : i64}, %b: tensor<4xf32> {kiln.donated_to = 0 : i64}) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}
