func.func @reduce_repeat(%x: tensor<4x8xf32>) {
  %0 = kiln.reduce_max %x dims = [1, 1] : (tensor<4x8xf32>) -> tensor<4xf32>
  return
}
