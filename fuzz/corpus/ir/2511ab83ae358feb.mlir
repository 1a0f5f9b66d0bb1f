func.func @matmuls(%a: tensor<8x16xf32>, %b: tensor<16x4xf32>, %c: tensor<2x8x16xf32>, %d: tensor<2x16x4xf32>) -> (tensor<8x4xf32>, tensor<2x8x4xf32>) {
  %0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [0]> : (tensor<8x16xf32>, tensor<16x4xf32>) -> tensor<8x4xf32>
  %1 = kiln.dot %c, %d, <batch = [0] x [0], contract = [2] x [1]> : (tensor<2x8x16xf32>, tensor<2x16x4xf32>) -> tensor<2x8x4xf32>
  return %0, %1 : tensor<8x4xf32>, tensor<2x8x4xf32>
}
