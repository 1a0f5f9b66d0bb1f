func.func @dot_weight_gradient(%x: tensor<2x8x16xf32>, %g: tensor<2x8x4xf32>) -> tensor<16x4xf32> {
  %0 = kiln.dot %x, %g, <batch = [] x [], contract = [0, 1] x [0, 1]> : (tensor<2x8x16xf32>, tensor<2x8x4xf32>) -> tensor<16x4xf32>
  return %0 : tensor<16x4xf32>
}
