func.func @reductions(%x: tensor<4x5x6xf32>, %i: tensor<4x5xi32>) -> (tensor<4x1x6xf32>, tensor<4xf32>, tensor<4x6xf32>, tensor<i32>) {
  %0 = kiln.reduce_sum %x dims = [1] keep_dims : (tensor<4x5x6xf32>) -> tensor<4x1x6xf32>
  %1 = kiln.reduce_max %x dims = [1, 2] : (tensor<4x5x6xf32>) -> tensor<4xf32>
  %2 = kiln.reduce_prod %x dims = [1] : (tensor<4x5x6xf32>) -> tensor<4x6xf32>
  %3 = kiln.reduce_min %i dims = [0, 1] : (tensor<4x5xi32>) -> tensor<i32>
  return %0, %1, %2, %3 : tensor<4x1x6xf32>, tensor<4xf32>, tensor<4x6xf32>, tensor<i32>
}
