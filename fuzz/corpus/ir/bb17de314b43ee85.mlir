func.func @cross_entropy(%x: tensor<8x10xf32>, %l: tensor<8xi64>) -> tensor<f32> {
  %0 = kiln.cross_entropy %x, %l : (tensor<8x10xf32>, tensor<8xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}
