func.func @float_mask(%q: tensor<1x2x4x8xf32>, %k: tensor<1x2x4x8xf32>, %v: tensor<1x2x4x8xf32>, %m: tensor<1x1x4x4xf32>) -> tensor<1x2x4x8xf32> {
  %s = kiln.dot %q, %k, <batch = [0, 1] x [0, 1], contract = [3] x [3]> : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>) -> tensor<1x2x4x4xf32>
  %sm = kiln.add %s, %m : (tensor<1x2x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p = kiln.softmax %sm dim = 3 : tensor<1x2x4x4xf32>
  %o = kiln.dot %p, %v, <batch = [0, 1] x [0, 1], contract = [3] x [2]> : (tensor<1x2x4x4xf32>, tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  return %o : tensor<1x2x4x8xf32>
}
func.func @padding_mask(%q: tensor<1x2x4x8xf32>, %k: tensor<1x2x4x8xf32>, %v: tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32> {
  %s = kiln.dot %q, %k, <batch = [0, 1] x [0, 1], contract = [3] x [3]> : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>) -> tensor<1x2x4x4xf32>
  %c = kiln.constant dense<2.000000e+00> : tensor<f32>
  %ss = kiln.div %s, %c : (tensor<1x2x4x4xf32>, tensor<f32>) -> tensor<1x2x4x4xf32>
  %pad = kiln.constant dense<[[false, false, false, true]]> : tensor<1x4xi1>
  %ninf = kiln.constant dense<0xFF800000> : tensor<f32>
  %masked = kiln.select %pad, %ninf, %ss : (tensor<1x4xi1>, tensor<f32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p = kiln.softmax %masked dim = 3 : tensor<1x2x4x4xf32>
  %o = kiln.dot %p, %v, <batch = [0, 1] x [0, 1], contract = [3] x [2]> : (tensor<1x2x4x4xf32>, tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  return %o : tensor<1x2x4x8xf32>
}
