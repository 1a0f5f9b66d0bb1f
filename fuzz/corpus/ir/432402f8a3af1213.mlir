func.func @adamw_epsilon(%p: tensor<4xf32>, %s: tensor<i64>) {
  %0:3 = kiln.adamw %p, %p, %p, %p, %s lr = 0.001 beta1 = 0.9 beta2 = 0.999 epsilon = 0.0 weight_decay = 0.01 : tensor<4xf32>, tensor<i64>
  return
}
