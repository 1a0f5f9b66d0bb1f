func.func @sgd_types(%p: tensor<4xf32>, %g: tensor<4xf16>) {
  %0:2 = "kiln.sgd"(%p, %g, %p) {lr = 0.1 : f32, momentum = 0.9 : f32, weight_decay = 0.0 : f32} : (tensor<4xf32>, tensor<4xf16>, tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  return
}
