func.func @argmax_result(%x: tensor<4x8xf32>) {
  %0 = kiln.argmax %x dim = 1 : (tensor<4x8xf32>) -> tensor<8xi64>
  return
}
