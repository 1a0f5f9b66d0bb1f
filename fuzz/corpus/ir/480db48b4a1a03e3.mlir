func.func @named(%a: tensor<4xf32>) -> (tensor<4xf32> {kiln.name = 3 : i64}) {
  return %a : tensor<4xf32>
}
