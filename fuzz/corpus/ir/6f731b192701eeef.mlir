func.func @f(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = kiln.exp %x : tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
