func.func @argmax_dim(%x: tensor<4x8xf32>) {
  %0 = kiln.argmax %x dim = 3 : (tensor<4x8xf32>) -> tensor<4xi64>
  return
}
