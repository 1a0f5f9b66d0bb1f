func.func @sgd(%p: tensor<4xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0, %1 = kiln.sgd %p, %g, %b lr = 0.1 momentum = 0.9 weight_decay = 0.0 nesterov : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}
