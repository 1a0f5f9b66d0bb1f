func.func @pool_rank(%x: tensor<3x8x8xf32>) {
  %0 = kiln.max_pool2d %x window = [2, 2] strides = [2, 2] padding = [0, 0, 0, 0] : (tensor<3x8x8xf32>) -> tensor<3x4x4xf32>
  return
}
