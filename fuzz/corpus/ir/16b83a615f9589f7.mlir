func.func @pool_padding(%x: tensor<1x3x8x8xf32>) {
  %0 = kiln.avg_pool2d %x window = [2, 2] strides = [2, 2] padding = [2, 0, 0, 0] : (tensor<1x3x8x8xf32>) -> tensor<1x3x5x4xf32>
  return
}
