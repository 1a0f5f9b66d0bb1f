func.func @global_pool_rank(%x: tensor<3x8x8xf32>) {
  %0 = kiln.global_avg_pool2d %x : (tensor<3x8x8xf32>) -> tensor<3x1x1xf32>
  return
}
