func.func @gpt(%q: tensor<1x2x4x8xf32>, %kraw: tensor<1x4x2x8xf32>, %v: tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32> {
  %kt = kiln.transpose %kraw permutation = [0, 2, 3, 1] : (tensor<1x4x2x8xf32>) -> tensor<1x2x8x4xf32>
  %s = kiln.dot %q, %kt, <batch = [0, 1] x [0, 1], contract = [3] x [2]> : (tensor<1x2x4x8xf32>, tensor<1x2x8x4xf32>) -> tensor<1x2x4x4xf32>
  %d = kiln.constant dense<6.400000e+01> : tensor<f32>
  %half = kiln.constant dense<5.000000e-01> : tensor<f32>
  %sqrt = kiln.pow %d, %half : tensor<f32>
  %one = kiln.constant dense<0.000000e+00> : tensor<f32>
  %inv = kiln.div %one, %sqrt : tensor<f32>
  %c = kiln.mul %inv, %one : tensor<f32>
  %scaled = kiln.mul %s, %c : (tensor<1x2x4x4xf32>, tensor<f32>) -> tensor<1x2x4x4xf32>
  %tril = kiln.constant dense<[[1.0, 0.0, 0.0, 0.0], [1.0, 1.0, 0.0, 0.0], [1.0, 1.0, 1.0, 0.0], [1.0, 1.0, 1.0, 1.0]]> : tensor<4x4xf32>
  %tril4 = kiln.reshape %tril : (tensor<4x4xf32>) -> tensor<1x1x4x4xf32>
  %zero = kiln.constant dense<0.000000e+00> : tensor<f32>
  %out = kiln.compare eq, %tril4, %zero : (tensor<1x1x4x4xf32>, tensor<f32>) -> tensor<1x1x4x4xi1>
  %ninf = kiln.constant dense<0xFF800000> : tensor<f32>
  %masked = kiln.select %out, %ninf, %scaled : (tensor<1x1x4x4xi1>, tensor<f32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p = kiln.softmax %masked dim = 3 : tensor<1x2x4x4xf32>
  %o = kiln.dot %p, %v, <batch = [0, 1] x [0, 1], contract = [3] x [2]> : (tensor<1x2x4x4xf32>, tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  return %o : tensor<1x2x4x8xf32>
}
