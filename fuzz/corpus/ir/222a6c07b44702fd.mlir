func.func @layer_norm_scale(%x: tensor<2x16x64xf32>, %g: tensor<32xf32>) {
  %0 = kiln.layer_norm %x scale %g axis = 2 epsilon = 1.0e-05 : (tensor<2x16x64xf32>, tensor<32xf32>) -> tensor<2x16x64xf32>
  return
}
