func.func @layer_norm_epsilon(%x: tensor<2x16x64xf32>) {
  %0 = kiln.layer_norm %x axis = 2 epsilon = 0.0 : (tensor<2x16x64xf32>) -> tensor<2x16x64xf32>
  return
}
