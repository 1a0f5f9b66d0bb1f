func.func @taken(%x: tensor<4xf32>) -> tensor<f32> {
  %0 = kiln.reduce_sum %x dims = [0] : (tensor<4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func private @taken_grad()
