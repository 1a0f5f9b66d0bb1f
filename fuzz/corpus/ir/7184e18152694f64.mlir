func.func @reshape_element(%a: tensor<2x3xf32>) {
  %0 = kiln.reshape %a : (tensor<2x3xf32>) -> tensor<6xf16>
  return
}
