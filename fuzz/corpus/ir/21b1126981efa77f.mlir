func.func @transpose_square(%x: tensor<2x2x3xf32>) -> tensor<2x2x3xf32> {
  %0 = kiln.transpose %x permutation = [1, 0, 2] : (tensor<2x2x3xf32>) -> tensor<2x2x3xf32>
  return %0 : tensor<2x2x3xf32>
}
