func.func @scores(%q: tensor<2x4x6x8xf32>, %k: tensor<2x4x5x8xf32>) -> tensor<2x4x6x5xf32> {
  %0 = kiln.dot %q, %k, <batch = [0, 1] x [0, 1], contract = [3] x [3]> : (tensor<2x4x6x8xf32>, tensor<2x4x5x8xf32>) -> tensor<2x4x6x5xf32>
  return %0 : tensor<2x4x6x5xf32>
}
