// Normalizations through kiln-run, compared with torch.nn.functional.

// RUN: %e2e %s --entry layer_norm --inputs "2x5x16xf32, 16xf32, 16xf32" --ref "F.layer_norm(t0, (16,), t1, t2, eps=1e-5)"
// RUN: %e2e %s --entry layer_norm_2d --inputs "3x4x8xf32" --ref "F.layer_norm(t0, (4, 8), eps=1e-5)"
// RUN: %e2e %s --entry rms_norm --inputs "2x5x16xf32, 16xf32" --ref "t0 * torch.rsqrt(t0.pow(2).mean(-1, keepdim=True) + 1e-6) * t1"
// RUN: %e2e %s --entry batch_norm --inputs "2x3x4x5xf32, 3xf32, 3xf32, 3xf32, 3xf32:0.5..2" --ref "F.batch_norm(t0, t3, t4, t1, t2, training=False, eps=1e-5)"

func.func @layer_norm(%x: tensor<2x5x16xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>) -> tensor<2x5x16xf32> {
  %0 = kiln.layer_norm %x scale %g bias %b axis = 2 epsilon = 1.0e-05 : (tensor<2x5x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
  return %0 : tensor<2x5x16xf32>
}
func.func @layer_norm_2d(%x: tensor<3x4x8xf32>) -> tensor<3x4x8xf32> {
  %0 = kiln.layer_norm %x axis = 1 epsilon = 1.0e-05 : (tensor<3x4x8xf32>) -> tensor<3x4x8xf32>
  return %0 : tensor<3x4x8xf32>
}
func.func @rms_norm(%x: tensor<2x5x16xf32>, %g: tensor<16xf32>) -> tensor<2x5x16xf32> {
  %0 = kiln.rms_norm %x scale %g axis = 2 epsilon = 1.0e-06 : (tensor<2x5x16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
  return %0 : tensor<2x5x16xf32>
}
func.func @batch_norm(%x: tensor<2x3x4x5xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x5xf32> {
  %0 = kiln.batch_norm %x, %g, %b, %m, %v epsilon = 1.0e-05 : (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x5xf32>
  return %0 : tensor<2x3x4x5xf32>
}
