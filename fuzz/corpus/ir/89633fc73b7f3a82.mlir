func.func @rms_norm(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = kiln.rms_norm %x axis = 1 epsilon = 1.0e-06 : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}
