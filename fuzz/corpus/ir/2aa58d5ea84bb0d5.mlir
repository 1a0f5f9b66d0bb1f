func.func @sigmoid_silu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.sigmoid %x : tensor<4xf32>
  %1 = kiln.silu %0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}
