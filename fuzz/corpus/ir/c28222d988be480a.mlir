func.func @mse_types(%p: tensor<8xf32>, %t: tensor<4xf32>) {
  %0 = kiln.mse %p, %t : (tensor<8xf32>, tensor<4xf32>) -> tensor<f32>
  return
}
