func.func @pool_window_fit(%x: tensor<1x3x2x2xf32>) {
  %0 = kiln.max_pool2d %x window = [3, 3] strides = [1, 1] padding = [0, 0, 0, 0] : (tensor<1x3x2x2xf32>) -> tensor<1x3x1x1xf32>
  return
}
