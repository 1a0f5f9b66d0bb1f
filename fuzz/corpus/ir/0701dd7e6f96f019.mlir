func.func @sgd_momentum(%p: tensor<4xf32>) {
  %0:2 = kiln.sgd %p, %p, %p lr = 0.1 momentum = 1.5 weight_decay = 0.0 : tensor<4xf32>
  return
}
