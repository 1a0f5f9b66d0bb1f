// RUN: kiln-opt %s --kiln-raise-attention --split-input-file | FileCheck %s

// As torch exports GPT-2 attention: K transposed together with the head
// split ([B, S, H, D] -> [B, H, D, S] in one permutation), the scale as
// 1 / 64^0.5 times 1, and masked_fill(tril == 0, -inf) on constants. The
// mask is the causal pattern; K becomes one [0, 2, 1, 3] transpose.
// CHECK-LABEL: func.func @gpt
// CHECK-SAME: (%[[Q:.*]]: tensor<1x2x4x8xf32>, %[[KRAW:.*]]: tensor<1x4x2x8xf32>, %[[V:.*]]: tensor<1x2x4x8xf32>)
// CHECK: %[[K:.*]] = kiln.transpose %[[KRAW]] permutation = [0, 2, 1, 3]
// CHECK: %[[O:.*]] = kiln.attention %[[Q]], %[[K]], %[[V]] scale = 1.250000e-01 causal
// CHECK: return %[[O]]
func.func @gpt(%q: tensor<1x2x4x8xf32>, %kraw: tensor<1x4x2x8xf32>, %v: tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32> {
  %kt = kiln.transpose %kraw permutation = [0, 2, 3, 1] : (tensor<1x4x2x8xf32>) -> tensor<1x2x8x4xf32>
  %s = kiln.dot %q, %kt, <batch = [0, 1] x [0, 1], contract = [3] x [2]> : (tensor<1x2x4x8xf32>, tensor<1x2x8x4xf32>) -> tensor<1x2x4x4xf32>
  %d = kiln.constant dense<6.400000e+01> : tensor<f32>
  %half = kiln.constant dense<5.000000e-01> : tensor<f32>
  %sqrt = kiln.pow %d, %half : tensor<f32>
  %one = kiln.constant dense<1.000000e+00> : tensor<f32>
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

// -----

// As torch exports nn.MultiheadAttention: [B*H, S, D] operands, q divided
// by sqrt(D) before the product, no mask. The 3-d operands get a unit batch
// dimension around kiln.attention.
// CHECK-LABEL: func.func @mha
// CHECK-SAME: (%[[Q:.*]]: tensor<4x6x8xf32>, %[[K:.*]]: tensor<4x6x8xf32>, %[[V:.*]]: tensor<4x6x8xf32>)
// CHECK-DAG: %[[Q4:.*]] = kiln.reshape %[[Q]] : (tensor<4x6x8xf32>) -> tensor<1x4x6x8xf32>
// CHECK-DAG: %[[K4:.*]] = kiln.reshape %[[K]] : (tensor<4x6x8xf32>) -> tensor<1x4x6x8xf32>
// CHECK-DAG: %[[V4:.*]] = kiln.reshape %[[V]] : (tensor<4x6x8xf32>) -> tensor<1x4x6x8xf32>
// CHECK: %[[O:.*]] = kiln.attention %[[Q4]], %[[K4]], %[[V4]] scale = 0.353553{{[0-9]*}} :
// CHECK: %[[R:.*]] = kiln.reshape %[[O]] : (tensor<1x4x6x8xf32>) -> tensor<4x6x8xf32>
// CHECK: return %[[R]]
func.func @mha(%q: tensor<4x6x8xf32>, %k: tensor<4x6x8xf32>, %v: tensor<4x6x8xf32>) -> tensor<4x6x8xf32> {
  %c = kiln.constant dense<2.82842708> : tensor<f32>
  %qs = kiln.div %q, %c : (tensor<4x6x8xf32>, tensor<f32>) -> tensor<4x6x8xf32>
  %kt = kiln.transpose %k permutation = [0, 2, 1] : (tensor<4x6x8xf32>) -> tensor<4x8x6xf32>
  %s = kiln.dot %qs, %kt, <batch = [0] x [0], contract = [2] x [1]> : (tensor<4x6x8xf32>, tensor<4x8x6xf32>) -> tensor<4x6x6xf32>
  %p = kiln.softmax %s dim = 2 : tensor<4x6x6xf32>
  %o = kiln.dot %p, %v, <batch = [0] x [0], contract = [2] x [1]> : (tensor<4x6x6xf32>, tensor<4x6x8xf32>) -> tensor<4x6x8xf32>
  return %o : tensor<4x6x8xf32>
}

// -----

// An additive float mask and K^T through the product's own dimensions
// (contract [3] x [3]); no scale found means scale = 1. A non-causal
// boolean mask becomes an i1 mask of the positions that attend.
// CHECK-LABEL: func.func @float_mask
// CHECK: kiln.attention %arg0, %arg1, %arg2 mask %arg3 scale = 1.000000e+00 :
// CHECK-LABEL: func.func @padding_mask
// CHECK: %[[M:.*]] = kiln.constant dense<{{\[}}[true, true, true, false]]> : tensor<1x4xi1>
// CHECK: kiln.attention %arg0, %arg1, %arg2 mask %[[M]] scale = 5.000000e-01 :
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

// -----

// Not attention: the softmax runs over the queries, and the scores have a
// second user. Both stay as they are.
// CHECK-LABEL: func.func @not_attention
// CHECK-NOT: kiln.attention
// CHECK: return
func.func @not_attention(%q: tensor<1x2x4x8xf32>, %k: tensor<1x2x4x8xf32>, %v: tensor<1x2x4x8xf32>) -> (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x4xf32>) {
  %s = kiln.dot %q, %k, <batch = [0, 1] x [0, 1], contract = [3] x [3]> : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>) -> tensor<1x2x4x4xf32>
  %p = kiln.softmax %s dim = 2 : tensor<1x2x4x4xf32>
  %o = kiln.dot %p, %v, <batch = [0, 1] x [0, 1], contract = [3] x [2]> : (tensor<1x2x4x4xf32>, tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  %s2 = kiln.dot %q, %k, <batch = [0, 1] x [0, 1], contract = [3] x [3]> : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>) -> tensor<1x2x4x4xf32>
  %p2 = kiln.softmax %s2 dim = 3 : tensor<1x2x4x4xf32>
  %o2 = kiln.dot %p2, %v, <batch = [0, 1] x [0, 1], contract = [3] x [2]> : (tensor<1x2x4x4xf32>, tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  return %o, %o2, %s2 : tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x4xf32>
}

// -----

// A scale that folds to zero (GPT-2's form with 0 in place of 1 in the
// scale's product) is no attention scale: kiln.attention takes a positive
// one, so the graph stays as it is (the IR fuzzer found the builder
// aborting here).
// CHECK-LABEL: func.func @zero_scale
// CHECK-NOT: kiln.attention
// CHECK: kiln.softmax
func.func @zero_scale(%q: tensor<1x2x4x8xf32>, %kraw: tensor<1x4x2x8xf32>, %v: tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32> {
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
