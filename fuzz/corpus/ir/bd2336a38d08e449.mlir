func.func @cast_reshapes(%a: tensor<4xf32>) {
  %0 = kiln.cast %a : tensor<4xf32> to tensor<2x2xf16>
  return
}
