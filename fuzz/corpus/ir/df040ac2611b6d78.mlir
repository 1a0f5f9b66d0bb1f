func.func @mha(%q: tensor<4x6x8xf32>, %k: tensor<4x6x8xf32>, %v: tensor<4x6x8xf32>) -> tensor<4x6x8xf32> {
  %c = kiln.constant dense<2.82842708> : tensor<f32>
  %qs = kiln.div %q, %c : (tensor<4x6x8xf32>, tensor<f32>) -> tensor<4x6x8xf32>
  %kt = kiln.transpose %k permutation = [0, 2, 1] : (tensor<4x6x8xf32>) -> tensor<4x8x6xf32>
  %s = kiln.dot %qs, %kt, <batch = [0] x [0], contract = [2] x [1]> : (tensor<4x6x8xf32>, tensor<4x8x6xf32>) -> tensor<4x6x6xf32>
  %p = kiln.softmax %s dim = 2 : tensor<4x6x6xf32>
  %o = kiln.dot %p, %v, <batch = [0] x [0], contract = [2] x [1]> : (tensor<4x6x6xf32>, tensor<4x6x8xf32>) -> tensor<4x6x8xf32>
  return %o : tensor<4x6x8xf32>
}
