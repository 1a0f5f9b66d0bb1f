func.func @reduce_mean(%x: tensor<2x3x4xf32>, %c: tensor<3xf32>) -> tensor<f32> {
  %0 = kiln.reduce_mean %x dims = [0, 2] : (tensor<2x3x4xf32>) -> tensor<3xf32>
  %1 = kiln.mul %0, %c : tensor<3xf32>
  %2 = kiln.reduce_sum %1 dims = [0] : (tensor<3xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
