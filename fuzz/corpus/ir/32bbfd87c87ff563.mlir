func.func @swap(%a: tensor<4xf32> {kiln.donated_to = 0 : i64}, %b: tensor<4xf32> {kiln.donated_to = 1 : i64}) -> (tensor<4xf32>, tensor<4xf32>) {
  return %b, %a : tensor<4xf32>, tensor<4xf32>
}
