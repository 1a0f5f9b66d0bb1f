func.func @reduce_mean_integers(%x: tensor<4x8xi32>) {
  %0 = kiln.reduce_mean %x dims = [1] : (tensor<4x8xi32>) -> tensor<4xi32>
  return
}
