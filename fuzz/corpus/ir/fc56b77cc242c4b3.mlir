func.func @sum(%x: tensor<4x5x6xf32>) -> tensor<5xf32> {
  %0 = kiln.reduce_sum %x dims = [0, 2] : (tensor<4x5x6xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}
func.func @sum_keep(%x: tensor<4x5x6xf32>) -> tensor<4x1x6xf32> {
  %0 = kiln.reduce_sum %x dims = [1] keep_dims : (tensor<4x5x6xf32>) -> tensor<4x1x6xf32>
  return %0 : tensor<4x1x6xf32>
}
func.func @sum_all_i64(%x: tensor<4x5xi64>) -> tensor<i64> {
  %0 = kiln.reduce_sum %x dims = [0, 1] : (tensor<4x5xi64>) -> tensor<i64>
  return %0 : tensor<i64>
}
func.func @mean(%x: tensor<4x5x6xf32>) -> tensor<4x5xf32> {
  %0 = kiln.reduce_mean %x dims = [2] : (tensor<4x5x6xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}
func.func @prod(%x: tensor<4x5xf32>) -> tensor<4xf32> {
  %0 = kiln.reduce_prod %x dims = [1] : (tensor<4x5xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func @max(%x: tensor<4x5x6xf32>) -> tensor<4x1x1xf32> {
  %0 = kiln.reduce_max %x dims = [1, 2] keep_dims : (tensor<4x5x6xf32>) -> tensor<4x1x1xf32>
  return %0 : tensor<4x1x1xf32>
}
func.func @min(%x: tensor<4x5xi32>) -> tensor<5xi32> {
  %0 = kiln.reduce_min %x dims = [0] : (tensor<4x5xi32>) -> tensor<5xi32>
  return %0 : tensor<5xi32>
}
func.func @argmax(%x: tensor<4x7xf32>) -> tensor<4xi64> {
  %0 = kiln.argmax %x dim = 1 : (tensor<4x7xf32>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}
func.func @argmax_ties() -> tensor<2x2xi32> {
  %x = kiln.constant dense<[[2.0, 2.0, 1.0], [0.0, 5.0, 5.0]]> : tensor<2x3xf32>
  %0 = kiln.argmax %x dim = 1 keep_dims : (tensor<2x3xf32>) -> tensor<2x1xi32>
  %1 = kiln.broadcast %0 : (tensor<2x1xi32>) -> tensor<2x2xi32>
  return %1 : tensor<2x2xi32>
}
func.func @softmax(%x: tensor<3x10xf32>) -> tensor<3x10xf32> {
  %c = kiln.constant dense<10.0> : tensor<f32>
  %s = kiln.mul %x, %c : (tensor<3x10xf32>, tensor<f32>) -> tensor<3x10xf32>
  %0 = kiln.softmax %s dim = 1 : tensor<3x10xf32>
  return %0 : tensor<3x10xf32>
}
func.func @log_softmax(%x: tensor<3x4x10xf32>) -> tensor<3x4x10xf32> {
  %c = kiln.constant dense<10.0> : tensor<f32>
  %s = kiln.mul %x, %c : (tensor<3x4x10xf32>, tensor<f32>) -> tensor<3x4x10xf32>
  %0 = kiln.log_softmax %s dim = 1 : tensor<3x4x10xf32>
  return %0 : tensor<3x4x10xf32>
}
