func.func @reduce_max(%x: tensor<2x5xf32>) -> tensor<f32> {
  %0 = kiln.reduce_max %x dims = [1] : (tensor<2x5xf32>) -> tensor<2xf32>
  %1 = kiln.reduce_sum %0 dims = [0] : (tensor<2xf32>) -> tensor<f32>
  return %1 : tensor<f32>
}
