func.func @wrong_type(%a: tensor<4xf32> {kiln.donated_to = 0 : i64}) -> tensor<8xf32> {
  %0 = tensor.empty() : tensor<8xf32>
  return %0 : tensor<8xf32>
}
