func.func @select_condition_shape(%c: tensor<3xi1>, %a: tensor<4xf32>) {
  %0 = kiln.select %c, %a, %a : (tensor<3xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}
