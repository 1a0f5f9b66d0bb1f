func.func @select_mixed(%c: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<4xf16>) {
  %0 = kiln.select %c, %a, %b : (tensor<4xi1>, tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return
}
