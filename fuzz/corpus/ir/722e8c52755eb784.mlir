func.func @mul_broadcast(%x: tensor<3x4xf32>, %y: tensor<4xf32>) -> tensor<f32> {
  %0 = kiln.mul %x, %y : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  %1 = kiln.reduce_sum %0 dims = [0, 1] : (tensor<3x4xf32>) -> tensor<f32>
  return %1 : tensor<f32>
}
