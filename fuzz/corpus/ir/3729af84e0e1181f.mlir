func.func @reduce_range(%x: tensor<4x8xf32>) {
  %0 = kiln.reduce_sum %x dims = [2] : (tensor<4x8xf32>) -> tensor<4xf32>
  return
}
