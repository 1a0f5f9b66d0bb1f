func.func @pow_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<2xf32>) {
  %0 = kiln.pow %a, %b : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return
}
