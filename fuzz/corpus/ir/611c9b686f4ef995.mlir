func.func @argmax(%x: tensor<4x7xf32>) -> tensor<4xi64> {
  %0 = kiln.argmax %x dim = 1 : (tensor<4x7xf32>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}
