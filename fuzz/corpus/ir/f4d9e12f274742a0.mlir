func.func @shift_float(%x: tensor<4xf32>) {
  %0 = kiln.shift_left %x, %x : tensor<4xf32>
  return
}
