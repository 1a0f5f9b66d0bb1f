func.func @cross_entropy(%x: tensor<8x10xf32>, %l: tensor<8xi64>) -> tensor<f32> {
  %0 = kiln.cross_entropy %x, %l : (tensor<8x10xf32>, tensor<8xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func @cross_entropy_none(%x: tensor<2x3x10xf32>, %l: tensor<2x3xi32>) -> tensor<2x3xf32> {
  %0 = kiln.cross_entropy %x, %l reduction = none : (tensor<2x3x10xf32>, tensor<2x3xi32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
func.func @mse(%p: tensor<8x4xf32>, %t: tensor<8x4xf32>) -> tensor<f32> {
  %0 = kiln.mse %p, %t : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func @mse_sum(%p: tensor<8x4xf32>, %t: tensor<8x4xf32>) -> tensor<f32> {
  %0 = kiln.mse %p, %t reduction = sum : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func @sgd(%p: tensor<64xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>) -> (tensor<64xf32>, tensor<64xf32>) {
  %0, %1 = kiln.sgd %p, %g, %b lr = 0.1 momentum = 0.9 weight_decay = 0.01 : tensor<64xf32>
  return %0, %1 : tensor<64xf32>, tensor<64xf32>
}
func.func @sgd_nesterov(%p: tensor<64xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>) -> (tensor<64xf32>, tensor<64xf32>) {
  %0, %1 = kiln.sgd %p, %g, %b lr = 0.1 momentum = 0.9 weight_decay = 0.0 nesterov : tensor<64xf32>
  return %0, %1 : tensor<64xf32>, tensor<64xf32>
}
func.func @adamw(%p: tensor<64xf32>, %g: tensor<64xf32>, %m: tensor<64xf32>, %v: tensor<64xf32>) -> (tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) {
  %step = kiln.constant dense<3> : tensor<i64>
  %0, %1, %2 = kiln.adamw %p, %g, %m, %v, %step lr = 1.0e-02 beta1 = 0.9 beta2 = 0.999 epsilon = 1.0e-08 weight_decay = 0.1 : tensor<64xf32>, tensor<i64>
  return %0, %1, %2 : tensor<64xf32>, tensor<64xf32>, tensor<64xf32>
}
func.func @adamw_donated(%p: tensor<1000xf32> {kiln.name = "a_param", kiln.donated_to = 0 : i64}, %g: tensor<1000xf32>, %m: tensor<1000xf32> {kiln.name = "b_exp_avg", kiln.donated_to = 1 : i64}, %v: tensor<1000xf32> {kiln.name = "c_exp_avg_sq", kiln.donated_to = 2 : i64}) -> (tensor<1000xf32>, tensor<1000xf32>, tensor<1000xf32>) {
  %step = kiln.constant dense<3> : tensor<i64>
  %0, %1, %2 = kiln.adamw %p, %g, %m, %v, %step lr = 1.0e-02 beta1 = 0.9 beta2 = 0.999 epsilon = 1.0e-08 weight_decay = 0.1 : tensor<1000xf32>, tensor<i64>
  return %0, %1, %2 : tensor<1000xf32>, tensor<1000xf32>, tensor<1000xf32>
}
