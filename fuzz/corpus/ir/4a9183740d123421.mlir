func.func @relu(%x: tensor<4xf32>) -> tensor<f32> {
  %0 = kiln.relu %x : tensor<4xf32>
  %1 = kiln.reduce_sum %0 dims = [0] : (tensor<4xf32>) -> tensor<f32>
  return %1 : tensor<f32>
}
