func.func @not_float(%x: tensor<4xf32>) {
  %0 = kiln.not %x : tensor<4xf32>
  return
}
