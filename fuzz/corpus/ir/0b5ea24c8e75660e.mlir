func.func @layer_norm_axis(%x: tensor<2x16x64xf32>) {
  %0 = kiln.layer_norm %x axis = 3 epsilon = 1.0e-05 : (tensor<2x16x64xf32>) -> tensor<2x16x64xf32>
  return
}
