func.func @add_wrong_result(%a: tensor<4x1xf32>, %b: tensor<3xf32>) {
  %0 = kiln.add %a, %b : (tensor<4x1xf32>, tensor<3xf32>) -> tensor<4x1xf32>
  return
}
