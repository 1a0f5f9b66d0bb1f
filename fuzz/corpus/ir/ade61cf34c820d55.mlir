func.func @transpose_repeat(%a: tensor<2x3xf32>) {
  %0 = kiln.transpose %a permutation = [1, 1] : (tensor<2x3xf32>) -> tensor<3x3xf32>
  return
}
