func.func @split_zero(%a: tensor<2x5xf32>) {
  %0:2 = kiln.split %a dim = 1 sizes = [5, 0] : (tensor<2x5xf32>) -> (tensor<2x5xf32>, tensor<2x0xf32>)
  return
}
