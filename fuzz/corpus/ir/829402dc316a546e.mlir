func.func @reduce_prod_range(%x: tensor<4x8xi32>) {
  %0 = kiln.reduce_prod %x dims = [-1] : (tensor<4x8xi32>) -> tensor<4xi32>
  return
}
