func.func @mean(%x: tensor<4x5x6xf32>) -> tensor<4xf32> {
  %0 = kiln.reduce_mean %x dims = [1, 2] : (tensor<4x5x6xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
