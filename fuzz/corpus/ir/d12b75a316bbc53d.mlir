func.func @concat_shapes(%a: tensor<2x3xf32>, %b: tensor<3x3xf32>) {
  %0 = kiln.concat %a, %b dim = 1 : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x6xf32>
  return
}
