func.func @add_mixed_elements(%a: tensor<4xf32>, %b: tensor<4xf16>) {
  %0 = kiln.add %a, %b : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return
}
