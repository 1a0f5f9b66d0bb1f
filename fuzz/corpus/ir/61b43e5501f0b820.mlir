func.func @reduce_result(%x: tensor<4x8xf32>) {
  %0 = kiln.reduce_min %x dims = [1] : (tensor<4x8xf32>) -> tensor<4x1xf32>
  return
}
