func.func @batch_norm_channels(%x: tensor<1x8x4x4xf32>, %c: tensor<4xf32>) {
  %0 = kiln.batch_norm %x, %c, %c, %c, %c epsilon = 1.0e-05 : (tensor<1x8x4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32>
  return
}
