func.func @attention(%q: tensor<1x2x4x8xf32> {kiln.name = "q"}, %k: tensor<1x2x4x8xf32> {kiln.name = "k"}, %v: tensor<1x2x4x8xf32> {kiln.name = "v"}) -> (tensor<1x2x4x8xf32> {kiln.name = "o"}) {
  %kt = kiln.transpose %k permutation = [0, 1, 3, 2] : (tensor<1x2x4x8xf32>) -> tensor<1x2x8x4xf32>
  %s = kiln.dot %q, %kt, <batch = [0, 1] x [0, 1], contract = [3] x [2]> : (tensor<1x2x4x8xf32>, tensor<1x2x8x4xf32>) -> tensor<1x2x4x4xf32>
  %c = kiln.constant dense<0.353553385> : tensor<f32>
  %scaled = kiln.mul %s, %c : (tensor<1x2x4x4xf32>, tensor<f32>) -> tensor<1x2x4x4xf32>
  %p = kiln.softmax %scaled dim = 3 : tensor<1x2x4x4xf32>
  %o = kiln.dot %p, %v, <batch = [0, 1] x [0, 1], contract = [3] x [2]> : (tensor<1x2x4x4xf32>, tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  return %o : tensor<1x2x4x8xf32>
}
