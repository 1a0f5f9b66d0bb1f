func.func @gelu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.gelu %x : tensor<4xf32>
  %1 = kiln.gelu %0 approximation = tanh : tensor<4xf32>
  return %1 : tensor<4xf32>
}
