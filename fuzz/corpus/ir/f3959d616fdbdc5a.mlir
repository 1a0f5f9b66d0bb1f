func.func @affine(%x: tensor<2x8xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [0.5, -1.0, 0.0, 2.0],
                             [-2.0, 0.25, 1.5, -0.5], [3.0, 1.0, -1.0, 0.0],
                             [0.0, 0.0, 2.0, 1.0], [1.0, -3.0, 0.5, 0.5],
                             [-1.0, 2.0, -2.0, 1.0], [0.75, 0.5, 0.25, -4.0]]> : tensor<8x4xf32>
  %b = arith.constant dense<[0.5, -0.5, 1.0, 2.0]> : tensor<4xf32>
  %0 = kiln.dot %x, %w, <batch = [] x [], contract = [1] x [0]> : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  %1 = kiln.add %0, %b : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %1 : tensor<2x4xf32>
}
