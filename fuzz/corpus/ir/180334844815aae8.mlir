func.func @transpose_length(%a: tensor<2x3xf32>) {
  %0 = kiln.transpose %a permutation = [0] : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}
