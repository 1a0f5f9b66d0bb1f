func.func @not_attention(%q: tensor<1x2x4x8xf32>, %k: tensor<1x2x4x8xf32>, %v: tensor<1x2x4x8xf32>) -> (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x4xf32>) {
  %s = kiln.dot %q, %k, <batch = [0, 1] x [0, 1], contract = [3] x [3]> : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>) -> tensor<1x2x4x4xf32>
  %p = kiln.softmax %s dim = 2 : tensor<1x2x4x4xf32>
  %o = kiln.dot %p, %v, <batch = [0, 1] x [0, 1], contract = [3] x [2]> : (tensor<1x2x4x4xf32>, tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  %s2 = kiln.dot %q, %k, <batch = [0, 1] x [0, 1], contract = [3] x [3]> : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>) -> tensor<1x2x4x4xf32>
  %p2 = kiln.softmax %s2 dim = 3 : tensor<1x2x4x4xf32>
  %o2 = kiln.dot %p2, %v, <batch = [0, 1] x [0, 1], contract = [3] x [2]> : (tensor<1x2x4x4xf32>, tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  return %o, %o2, %s2 : tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x4xf32>
}
