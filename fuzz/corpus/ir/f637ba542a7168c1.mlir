func.func @rms_norm_element(%x: tensor<2x64xf32>, %g: tensor<64xf16>) {
  %0 = kiln.rms_norm %x scale %g axis = 1 epsilon = 1.0e-06 : (tensor<2x64xf32>, tensor<64xf16>) -> tensor<2x64xf32>
  return
}
