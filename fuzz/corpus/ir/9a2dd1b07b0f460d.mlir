func.func @log_softmax(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = kiln.log_softmax %x dim = 0 : tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}
