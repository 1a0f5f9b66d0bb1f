func.func @mse_sum(%p: tensor<8x4xf32>, %t: tensor<8x4xf32>) -> tensor<f32> {
  %0 = kiln.mse %p, %t reduction = sum : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
