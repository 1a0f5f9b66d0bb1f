func.func @argmin_last(%x: tensor<4x8xf32>) -> tensor<4xi64> {
  %0 = kiln.argmin %x dim = 1 select_last : (tensor<4x8xf32>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}
