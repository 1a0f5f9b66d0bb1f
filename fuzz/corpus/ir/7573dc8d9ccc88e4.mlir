func.func @concat_dim(%a: tensor<2x3xf32>) {
  %0 = kiln.concat %a, %a dim = 2 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}
