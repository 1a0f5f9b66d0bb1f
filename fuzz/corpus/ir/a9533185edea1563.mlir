func.func @adamw_beta(%p: tensor<4xf32>, %s: tensor<i64>) {
  %0:3 = kiln.adamw %p, %p, %p, %p, %s lr = 0.001 beta1 = 1.0 beta2 = 0.999 epsilon = 1.0e-8 weight_decay = 0.01 : tensor<4xf32>, tensor<i64>
  return
}
