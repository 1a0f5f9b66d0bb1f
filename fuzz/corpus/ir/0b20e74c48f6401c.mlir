func.func @softmax(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = kiln.softmax %x dim = 1 : tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}
