func.func @concat_elements(%a: tensor<2x3xf32>, %b: tensor<2x3xf16>) {
  %0 = kiln.concat %a, %b dim = 0 : (tensor<2x3xf32>, tensor<2x3xf16>) -> tensor<4x3xf32>
  return
}
