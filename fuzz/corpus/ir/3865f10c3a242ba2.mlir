func.func @softmax(%x: tensor<2x5xf32>) -> tensor<f32> {
  %c = kiln.constant dense<2.0> : tensor<2x5xf32>
  %0 = kiln.softmax %x dim = 1 : tensor<2x5xf32>
  %1 = kiln.mul %0, %c : tensor<2x5xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1] : (tensor<2x5xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
