func.func @layer_norm(%x: tensor<2x8xf32>, %g: tensor<8xf32>, %c: tensor<2x8xf32>) -> tensor<f32> {
  %0 = kiln.layer_norm %x scale %g axis = 1 epsilon = 1.0e-05 : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  %1 = kiln.mul %0, %c : tensor<2x8xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1] : (tensor<2x8xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
