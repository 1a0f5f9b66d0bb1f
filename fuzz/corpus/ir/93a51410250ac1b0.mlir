func.func @log_softmax_dim(%x: tensor<4x8xf32>) {
  %0 = kiln.log_softmax %x dim = -1 : tensor<4x8xf32>
  return
}
