func.func @adamw_step(%p: tensor<4xf32>, %s: tensor<1xi64>) {
  %0:3 = kiln.adamw %p, %p, %p, %p, %s lr = 0.001 beta1 = 0.9 beta2 = 0.999 epsilon = 1.0e-8 weight_decay = 0.01 : tensor<4xf32>, tensor<1xi64>
  return
}
