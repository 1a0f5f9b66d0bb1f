func.func @adamw(%p: tensor<4xf32>, %g: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>, %s: tensor<i64>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0, %1, %2 = kiln.adamw %p, %g, %m, %v, %s lr = 1.0e-03 beta1 = 0.9 beta2 = 0.999 epsilon = 1.0e-08 weight_decay = 0.01 : tensor<4xf32>, tensor<i64>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
