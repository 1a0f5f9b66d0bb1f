func.func @split_total(%a: tensor<2x5xf32>) {
  %0:2 = kiln.split %a dim = 1 sizes = [2, 2] : (tensor<2x5xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>)
  return
}
