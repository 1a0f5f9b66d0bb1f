func.func @iota_broadcast_constant(%x: tensor<8x1xf32>) -> (tensor<4x8xf32>, tensor<3x8x5xf32>, tensor<3xf32>) {
  %0 = kiln.iota dim = 1 : tensor<4x8xf32>
  %1 = kiln.broadcast %x : (tensor<8x1xf32>) -> tensor<3x8x5xf32>
  %2 = kiln.constant dense<2.5> : tensor<3xf32>
  return %0, %1, %2 : tensor<4x8xf32>, tensor<3x8x5xf32>, tensor<3xf32>
}
