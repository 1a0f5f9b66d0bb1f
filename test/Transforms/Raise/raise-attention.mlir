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

// -----

// scaled_dot_product_attention's export: q and K^T each multiplied by
// sqrt(scale) (8^-1/4 twice: 1/sqrt(8)).
// CHECK-LABEL: func.func @sdpa_export
// CHECK: kiln.attention %arg0, %arg1, %arg2 scale = 0.353553{{[0-9]*}} :
// CHECK-NOT: kiln.softmax
func.func @sdpa_export(%q: tensor<1x2x4x8xf32>, %k: tensor<1x2x4x8xf32>, %v: tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32> {
  %c = kiln.constant dense<0.594603539> : tensor<f32>
  %qs = kiln.mul %q, %c : (tensor<1x2x4x8xf32>, tensor<f32>) -> tensor<1x2x4x8xf32>
  %kt = kiln.transpose %k permutation = [0, 1, 3, 2] : (tensor<1x2x4x8xf32>) -> tensor<1x2x8x4xf32>
  %kts = kiln.mul %kt, %c : (tensor<1x2x8x4xf32>, tensor<f32>) -> tensor<1x2x8x4xf32>
  %s = kiln.dot %qs, %kts, <batch = [0, 1] x [0, 1], contract = [3] x [2]> : (tensor<1x2x4x8xf32>, tensor<1x2x8x4xf32>) -> tensor<1x2x4x4xf32>
  %p = kiln.softmax %s dim = 3 : tensor<1x2x4x4xf32>
  %o = kiln.dot %p, %v, <batch = [0, 1] x [0, 1], contract = [3] x [2]> : (tensor<1x2x4x4xf32>, tensor<1x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  return %o : tensor<1x2x4x8xf32>
}

// -----

// Grouped-query attention as Hugging Face's repeat_kv writes it
// (x[:, :, None].expand(b, hkv, g, s, d).reshape(b, hkv * g, s, d)):
// kiln.attention reads the 2 kv heads in place.
// CHECK-LABEL: func.func @repeat_kv
// CHECK-SAME: (%[[Q:.*]]: tensor<1x4x4x8xf32>, %[[K:.*]]: tensor<1x2x4x8xf32>, %[[V:.*]]: tensor<1x2x4x8xf32>, %[[M:.*]]: tensor<1x1x1x4xi1>)
// CHECK: kiln.attention %[[Q]], %[[K]], %[[V]] mask %[[M]] scale = 0.353553{{[0-9]*}} : (tensor<1x4x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x1x1x4xi1>) -> tensor<1x4x4x8xf32>
// CHECK-NOT: kiln.broadcast
func.func @repeat_kv(%q: tensor<1x4x4x8xf32>, %k: tensor<1x2x4x8xf32>, %v: tensor<1x2x4x8xf32>, %m: tensor<1x1x1x4xi1>) -> tensor<1x4x4x8xf32> {
  %k5 = kiln.reshape %k : (tensor<1x2x4x8xf32>) -> tensor<1x2x1x4x8xf32>
  %kx = kiln.broadcast %k5 : (tensor<1x2x1x4x8xf32>) -> tensor<1x2x2x4x8xf32>
  %kr = kiln.reshape %kx : (tensor<1x2x2x4x8xf32>) -> tensor<1x4x4x8xf32>
  %v5 = kiln.reshape %v : (tensor<1x2x4x8xf32>) -> tensor<1x2x1x4x8xf32>
  %vx = kiln.broadcast %v5 : (tensor<1x2x1x4x8xf32>) -> tensor<1x2x2x4x8xf32>
  %vr = kiln.reshape %vx : (tensor<1x2x2x4x8xf32>) -> tensor<1x4x4x8xf32>
  %s = kiln.dot %q, %kr, <batch = [0, 1] x [0, 1], contract = [3] x [3]> : (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x4xf32>
  %c = kiln.constant dense<0.353553385> : tensor<f32>
  %ss = kiln.mul %s, %c : (tensor<1x4x4x4xf32>, tensor<f32>) -> tensor<1x4x4x4xf32>
  %ninf = kiln.constant dense<0xFF800000> : tensor<f32>
  %masked = kiln.select %m, %ss, %ninf : (tensor<1x1x1x4xi1>, tensor<1x4x4x4xf32>, tensor<f32>) -> tensor<1x4x4x4xf32>
  %p = kiln.softmax %masked dim = 3 : tensor<1x4x4x4xf32>
  %o = kiln.dot %p, %vr, <batch = [0, 1] x [0, 1], contract = [3] x [2]> : (tensor<1x4x4x4xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return %o : tensor<1x4x4x8xf32>
}

// -----

// repeat_interleave on the heads as torch 1.13 exports it (a split into
// heads, each expanded, concatenated in order), and a masked_fill with a
// mask that is an input: the boolean mask is its negation.
// CHECK-LABEL: func.func @repeat_interleave
// CHECK-SAME: (%[[Q:.*]]: tensor<1x4x4x8xf32>, %[[K:.*]]: tensor<1x2x4x8xf32>, %[[V:.*]]: tensor<1x2x4x8xf32>, %[[HIDDEN:.*]]: tensor<4x4xi1>)
// CHECK: %[[SEEN:.*]] = kiln.not %[[HIDDEN]]
// CHECK: kiln.attention %[[Q]], %[[K]], %[[V]] mask %[[SEEN]] scale = 1.250000e-01 : (tensor<1x4x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<4x4xi1>) -> tensor<1x4x4x8xf32>
func.func @repeat_interleave(%q: tensor<1x4x4x8xf32>, %k: tensor<1x2x4x8xf32>, %v: tensor<1x2x4x8xf32>, %hidden: tensor<4x4xi1>) -> tensor<1x4x4x8xf32> {
  %k0, %k1 = kiln.split %k dim = 1 sizes = [1, 1] : (tensor<1x2x4x8xf32>) -> (tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>)
  %k05 = kiln.reshape %k0 : (tensor<1x1x4x8xf32>) -> tensor<1x1x1x4x8xf32>
  %k0x = kiln.broadcast %k05 : (tensor<1x1x1x4x8xf32>) -> tensor<1x1x2x4x8xf32>
  %k0r = kiln.reshape %k0x : (tensor<1x1x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  %k15 = kiln.reshape %k1 : (tensor<1x1x4x8xf32>) -> tensor<1x1x1x4x8xf32>
  %k1x = kiln.broadcast %k15 : (tensor<1x1x1x4x8xf32>) -> tensor<1x1x2x4x8xf32>
  %k1r = kiln.reshape %k1x : (tensor<1x1x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  %kr = kiln.concat %k0r, %k1r dim = 1 : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>) -> tensor<1x4x4x8xf32>
  %v0, %v1 = kiln.split %v dim = 1 sizes = [1, 1] : (tensor<1x2x4x8xf32>) -> (tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>)
  %v05 = kiln.reshape %v0 : (tensor<1x1x4x8xf32>) -> tensor<1x1x1x4x8xf32>
  %v0x = kiln.broadcast %v05 : (tensor<1x1x1x4x8xf32>) -> tensor<1x1x2x4x8xf32>
  %v0r = kiln.reshape %v0x : (tensor<1x1x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  %v15 = kiln.reshape %v1 : (tensor<1x1x4x8xf32>) -> tensor<1x1x1x4x8xf32>
  %v1x = kiln.broadcast %v15 : (tensor<1x1x1x4x8xf32>) -> tensor<1x1x2x4x8xf32>
  %v1r = kiln.reshape %v1x : (tensor<1x1x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  %vr = kiln.concat %v0r, %v1r dim = 1 : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>) -> tensor<1x4x4x8xf32>
  %kt = kiln.transpose %kr permutation = [0, 1, 3, 2] : (tensor<1x4x4x8xf32>) -> tensor<1x4x8x4xf32>
  %s = kiln.dot %q, %kt, <batch = [0, 1] x [0, 1], contract = [3] x [2]> : (tensor<1x4x4x8xf32>, tensor<1x4x8x4xf32>) -> tensor<1x4x4x4xf32>
  %c = kiln.constant dense<8.000000e+00> : tensor<f32>
  %ss = kiln.div %s, %c : (tensor<1x4x4x4xf32>, tensor<f32>) -> tensor<1x4x4x4xf32>
  %ninf = kiln.constant dense<0xFF800000> : tensor<f32>
  %masked = kiln.select %hidden, %ninf, %ss : (tensor<4x4xi1>, tensor<f32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %p = kiln.softmax %masked dim = 3 : tensor<1x4x4x4xf32>
  %o = kiln.dot %p, %vr, <batch = [0, 1] x [0, 1], contract = [3] x [2]> : (tensor<1x4x4x4xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return %o : tensor<1x4x4x8xf32>
}

// -----

// Heads concatenated out of order are not a repetition: the attention is
// raised over the 4 concatenated heads as written.
// CHECK-LABEL: func.func @heads_reordered
// CHECK: %[[KR:.*]] = kiln.concat
// CHECK: kiln.attention %arg0, %[[KR]], %[[KR]] scale = 1.250000e-01 : (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
func.func @heads_reordered(%q: tensor<1x4x4x8xf32>, %k: tensor<1x2x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %k0, %k1 = kiln.split %k dim = 1 sizes = [1, 1] : (tensor<1x2x4x8xf32>) -> (tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>)
  %k05 = kiln.reshape %k0 : (tensor<1x1x4x8xf32>) -> tensor<1x1x1x4x8xf32>
  %k0x = kiln.broadcast %k05 : (tensor<1x1x1x4x8xf32>) -> tensor<1x1x2x4x8xf32>
  %k0r = kiln.reshape %k0x : (tensor<1x1x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  %k15 = kiln.reshape %k1 : (tensor<1x1x4x8xf32>) -> tensor<1x1x1x4x8xf32>
  %k1x = kiln.broadcast %k15 : (tensor<1x1x1x4x8xf32>) -> tensor<1x1x2x4x8xf32>
  %k1r = kiln.reshape %k1x : (tensor<1x1x2x4x8xf32>) -> tensor<1x2x4x8xf32>
  %kr = kiln.concat %k1r, %k0r dim = 1 : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>) -> tensor<1x4x4x8xf32>
  %s = kiln.dot %q, %kr, <batch = [0, 1] x [0, 1], contract = [3] x [3]> : (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x4xf32>
  %c = kiln.constant dense<1.250000e-01> : tensor<f32>
  %ss = kiln.mul %s, %c : (tensor<1x4x4x4xf32>, tensor<f32>) -> tensor<1x4x4x4xf32>
  %p = kiln.softmax %ss dim = 3 : tensor<1x4x4x4xf32>
  %o = kiln.dot %p, %kr, <batch = [0, 1] x [0, 1], contract = [3] x [2]> : (tensor<1x4x4x4xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return %o : tensor<1x4x4x8xf32>
}

// -----

// is_causal as scaled_dot_product_attention exports it: an additive mask
// where(tril, 0, -inf), left unfolded: the causal attention. The same
// pattern off the diagonal is a boolean mask constant.
// CHECK-LABEL: func.func @additive_causal
// CHECK: kiln.attention %arg0, %arg1, %arg2 scale = 1.250000e-01 causal :
// CHECK-LABEL: func.func @additive_pattern
// CHECK: %[[SEEN:.*]] = kiln.constant dense<{{\[}}[true, false, false], [true, true, false], [true, true, true], [false, false, true]]> : tensor<4x3xi1>
// CHECK: kiln.attention %arg0, %arg1, %arg2 mask %[[SEEN]] scale = 1.250000e-01 :
func.func @additive_causal(%q: tensor<1x2x3x8xf32>, %k: tensor<1x2x3x8xf32>, %v: tensor<1x2x3x8xf32>) -> tensor<1x2x3x8xf32> {
  %tril = kiln.constant dense<[[true, false, false], [true, true, false], [true, true, true]]> : tensor<3x3xi1>
  %zero = kiln.constant dense<0.000000e+00> : tensor<f32>
  %ninf = kiln.constant dense<0xFF800000> : tensor<f32>
  %bias = kiln.select %tril, %zero, %ninf : (tensor<3x3xi1>, tensor<f32>, tensor<f32>) -> tensor<3x3xf32>
  %s = kiln.dot %q, %k, <batch = [0, 1] x [0, 1], contract = [3] x [3]> : (tensor<1x2x3x8xf32>, tensor<1x2x3x8xf32>) -> tensor<1x2x3x3xf32>
  %c = kiln.constant dense<1.250000e-01> : tensor<f32>
  %ss = kiln.mul %s, %c : (tensor<1x2x3x3xf32>, tensor<f32>) -> tensor<1x2x3x3xf32>
  %masked = kiln.add %ss, %bias : (tensor<1x2x3x3xf32>, tensor<3x3xf32>) -> tensor<1x2x3x3xf32>
  %p = kiln.softmax %masked dim = 3 : tensor<1x2x3x3xf32>
  %o = kiln.dot %p, %v, <batch = [0, 1] x [0, 1], contract = [3] x [2]> : (tensor<1x2x3x3xf32>, tensor<1x2x3x8xf32>) -> tensor<1x2x3x8xf32>
  return %o : tensor<1x2x3x8xf32>
}
func.func @additive_pattern(%q: tensor<1x2x4x8xf32>, %k: tensor<1x2x3x8xf32>, %v: tensor<1x2x3x8xf32>) -> tensor<1x2x4x8xf32> {
  %bias = kiln.constant dense<[[0.0, 0xFF800000, 0xFF800000], [0.0, 0.0, 0xFF800000], [0.0, 0.0, 0.0], [0xFF800000, 0xFF800000, 0.0]]> : tensor<4x3xf32>
  %s = kiln.dot %q, %k, <batch = [0, 1] x [0, 1], contract = [3] x [3]> : (tensor<1x2x4x8xf32>, tensor<1x2x3x8xf32>) -> tensor<1x2x4x3xf32>
  %c = kiln.constant dense<1.250000e-01> : tensor<f32>
  %ss = kiln.mul %s, %c : (tensor<1x2x4x3xf32>, tensor<f32>) -> tensor<1x2x4x3xf32>
  %masked = kiln.add %ss, %bias : (tensor<1x2x4x3xf32>, tensor<4x3xf32>) -> tensor<1x2x4x3xf32>
  %p = kiln.softmax %masked dim = 3 : tensor<1x2x4x3xf32>
  %o = kiln.dot %p, %v, <batch = [0, 1] x [0, 1], contract = [3] x [2]> : (tensor<1x2x4x3xf32>, tensor<1x2x3x8xf32>) -> tensor<1x2x4x8xf32>
  return %o : tensor<1x2x4x8xf32>
}
