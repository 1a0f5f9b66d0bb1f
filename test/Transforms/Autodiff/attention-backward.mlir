// The gradient of kiln.attention through kiln.attention_lse and
// kiln.attention_grad, both lowered by kiln-tile-attention (the CPU
// pipeline's default), against torch autograd of attention written out in
// torch ops (test/E2E/Inputs/attention_reference.py), in float64 and f32.
// The shapes are chosen so that the 64-row blocks do not divide the
// sequences (130 queries are three blocks of 44, 100 keys two of 50):
// padded rows and keys, causal diagonal blocks, grouped heads, rows that
// see no key (causal with Sq > Sk gives 0 there, and so does its
// gradient), boolean and additive masks, and a single query.
// RUN: %gradcheck %s --function causal_gqa --wrt 0,1,2 --inputs "1x4x130x16xf64, 1x2x100x16xf64, 1x2x100x8xf64, 1x4x130x8xf64" --prelude %S/../../E2E/Inputs/attention_reference.py --torch "(sdpa(t0, t1, t2, causal=True) * t3).sum()" --tol 1e-12
// RUN: %gradcheck %s --function key_padding --wrt 0,1,2 --inputs "2x2x70x16xf64, 2x2x129x16xf64, 2x2x129x16xf64, 2x1x1x129xi1, 2x2x70x16xf64" --prelude %S/../../E2E/Inputs/attention_reference.py --torch "(sdpa(t0, t1, t2, attn_mask=t3) * t4).sum()" --tol 1e-12
// RUN: %gradcheck %s --function rows_masked --wrt 0,1,2 --inputs "1x3x65x8xf64, 1x3x65x8xf64, 1x3x65x8xf64, 1x3x65x65xi1, 1x3x65x8xf64" --prelude %S/../../E2E/Inputs/attention_reference.py --torch "(sdpa(t0, t1, t2, attn_mask=t3 & (torch.arange(65) % 7 != 3)[:, None]) * t4).sum()" --tol 1e-12
// RUN: %gradcheck %s --function additive --wrt 0,1,2 --inputs "1x2x90x16xf64, 1x2x90x16xf64, 1x2x90x16xf64, 90x90xf64, 1x2x90x16xf64" --prelude %S/../../E2E/Inputs/attention_reference.py --torch "(sdpa(t0, t1, t2, attn_mask=t3, scale=0.25) * t4).sum()" --tol 1e-12
// RUN: %gradcheck %s --function decode --wrt 0,1,2 --inputs "1x8x1x64xf64, 1x2x77x64xf64, 1x2x77x64xf64, 1x8x1x64xf64" --prelude %S/../../E2E/Inputs/attention_reference.py --torch "(sdpa(t0, t1, t2, causal=True) * t3).sum()" --tol 1e-12
// RUN: %gradcheck %s --function decode_split --wrt 0,1,2 --inputs "1x4x1x32xf64, 1x4x600x32xf64, 1x4x600x32xf64, 1x4x1x32xf64" --prelude %S/../../E2E/Inputs/attention_reference.py --torch "(sdpa(t0, t1, t2, causal=True) * t3).sum()" --tol 1e-12
// RUN: %gradcheck %s --function causal_f32 --wrt 0,1,2 --inputs "2x2x200x64xf32, 2x2x200x64xf32, 2x2x200x64xf32, 2x2x200x64xf32" --prelude %S/../../E2E/Inputs/attention_reference.py --torch "(sdpa(t0, t1, t2, causal=True) * t3).sum()"
// The same through the reference lowering (kiln-decompose of the two ops).
// RUN: %gradcheck %s --passes=--kiln-decompose --function causal_gqa --wrt 0,1,2 --inputs "1x4x130x16xf64, 1x2x100x16xf64, 1x2x100x8xf64, 1x4x130x8xf64" --prelude %S/../../E2E/Inputs/attention_reference.py --torch "(sdpa(t0, t1, t2, causal=True) * t3).sum()" --tol 1e-12
// RUN: %gradcheck %s --passes=--kiln-decompose --function key_padding --wrt 0,1,2 --inputs "2x2x70x16xf64, 2x2x129x16xf64, 2x2x129x16xf64, 2x1x1x129xi1, 2x2x70x16xf64" --prelude %S/../../E2E/Inputs/attention_reference.py --torch "(sdpa(t0, t1, t2, attn_mask=t3) * t4).sum()" --tol 1e-12
// RUN: %gradcheck %s --passes=--kiln-decompose --function rows_masked --wrt 0,1,2 --inputs "1x3x65x8xf64, 1x3x65x8xf64, 1x3x65x8xf64, 1x3x65x65xi1, 1x3x65x8xf64" --prelude %S/../../E2E/Inputs/attention_reference.py --torch "(sdpa(t0, t1, t2, attn_mask=t3 & (torch.arange(65) % 7 != 3)[:, None]) * t4).sum()" --tol 1e-12
// RUN: %gradcheck %s --passes=--kiln-decompose --function additive --wrt 0,1,2 --inputs "1x2x90x16xf64, 1x2x90x16xf64, 1x2x90x16xf64, 90x90xf64, 1x2x90x16xf64" --prelude %S/../../E2E/Inputs/attention_reference.py --torch "(sdpa(t0, t1, t2, attn_mask=t3, scale=0.25) * t4).sum()" --tol 1e-12
// RUN: %gradcheck %s --passes=--kiln-decompose --function decode --wrt 0,1,2 --inputs "1x8x1x64xf64, 1x2x77x64xf64, 1x2x77x64xf64, 1x8x1x64xf64" --prelude %S/../../E2E/Inputs/attention_reference.py --torch "(sdpa(t0, t1, t2, causal=True) * t3).sum()" --tol 1e-12

func.func @causal_gqa(%q: tensor<1x4x130x16xf64>, %k: tensor<1x2x100x16xf64>, %v: tensor<1x2x100x8xf64>, %c: tensor<1x4x130x8xf64>) -> tensor<f64> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<1x4x130x16xf64>, tensor<1x2x100x16xf64>, tensor<1x2x100x8xf64>) -> tensor<1x4x130x8xf64>
  %1 = kiln.mul %0, %c : tensor<1x4x130x8xf64>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<1x4x130x8xf64>) -> tensor<f64>
  return %2 : tensor<f64>
}

func.func @key_padding(%q: tensor<2x2x70x16xf64>, %k: tensor<2x2x129x16xf64>, %v: tensor<2x2x129x16xf64>, %m: tensor<2x1x1x129xi1>, %c: tensor<2x2x70x16xf64>) -> tensor<f64> {
  %0 = kiln.attention %q, %k, %v mask %m : (tensor<2x2x70x16xf64>, tensor<2x2x129x16xf64>, tensor<2x2x129x16xf64>, tensor<2x1x1x129xi1>) -> tensor<2x2x70x16xf64>
  %1 = kiln.mul %0, %c : tensor<2x2x70x16xf64>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<2x2x70x16xf64>) -> tensor<f64>
  return %2 : tensor<f64>
}

// Every seventh row from row 3 sees no key.
func.func @rows_masked(%q: tensor<1x3x65x8xf64>, %k: tensor<1x3x65x8xf64>, %v: tensor<1x3x65x8xf64>, %m: tensor<1x3x65x65xi1>, %c: tensor<1x3x65x8xf64>) -> tensor<f64> {
  %rows = kiln.iota dim = 0 : tensor<65x1xi64>
  %seven = kiln.constant dense<7> : tensor<i64>
  %three = kiln.constant dense<3> : tensor<i64>
  %r = kiln.rem %rows, %seven : (tensor<65x1xi64>, tensor<i64>) -> tensor<65x1xi64>
  %keep = kiln.compare ne, %r, %three : (tensor<65x1xi64>, tensor<i64>) -> tensor<65x1xi1>
  %mask = kiln.and %m, %keep : (tensor<1x3x65x65xi1>, tensor<65x1xi1>) -> tensor<1x3x65x65xi1>
  %0 = kiln.attention %q, %k, %v mask %mask : (tensor<1x3x65x8xf64>, tensor<1x3x65x8xf64>, tensor<1x3x65x8xf64>, tensor<1x3x65x65xi1>) -> tensor<1x3x65x8xf64>
  %1 = kiln.mul %0, %c : tensor<1x3x65x8xf64>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<1x3x65x8xf64>) -> tensor<f64>
  return %2 : tensor<f64>
}

// The additive mask is an input, not differentiated: the tiled backward.
func.func @additive(%q: tensor<1x2x90x16xf64>, %k: tensor<1x2x90x16xf64>, %v: tensor<1x2x90x16xf64>, %m: tensor<90x90xf64>, %c: tensor<1x2x90x16xf64>) -> tensor<f64> {
  %0 = kiln.attention %q, %k, %v mask %m scale = 0.25 : (tensor<1x2x90x16xf64>, tensor<1x2x90x16xf64>, tensor<1x2x90x16xf64>, tensor<90x90xf64>) -> tensor<1x2x90x16xf64>
  %1 = kiln.mul %0, %c : tensor<1x2x90x16xf64>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<1x2x90x16xf64>) -> tensor<f64>
  return %2 : tensor<f64>
}

func.func @decode(%q: tensor<1x8x1x64xf64>, %k: tensor<1x2x77x64xf64>, %v: tensor<1x2x77x64xf64>, %c: tensor<1x8x1x64xf64>) -> tensor<f64> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<1x8x1x64xf64>, tensor<1x2x77x64xf64>, tensor<1x2x77x64xf64>) -> tensor<1x8x1x64xf64>
  %1 = kiln.mul %0, %c : tensor<1x8x1x64xf64>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<1x8x1x64xf64>) -> tensor<f64>
  return %2 : tensor<f64>
}

// 4 tasks of one query over 10 key blocks: the forward (and its
// log-sum-exp) splits the keys into 5 parts.
func.func @decode_split(%q: tensor<1x4x1x32xf64>, %k: tensor<1x4x600x32xf64>, %v: tensor<1x4x600x32xf64>, %c: tensor<1x4x1x32xf64>) -> tensor<f64> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<1x4x1x32xf64>, tensor<1x4x600x32xf64>, tensor<1x4x600x32xf64>) -> tensor<1x4x1x32xf64>
  %1 = kiln.mul %0, %c : tensor<1x4x1x32xf64>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<1x4x1x32xf64>) -> tensor<f64>
  return %2 : tensor<f64>
}

func.func @causal_f32(%q: tensor<2x2x200x64xf32>, %k: tensor<2x2x200x64xf32>, %v: tensor<2x2x200x64xf32>, %c: tensor<2x2x200x64xf32>) -> tensor<f32> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<2x2x200x64xf32>, tensor<2x2x200x64xf32>, tensor<2x2x200x64xf32>) -> tensor<2x2x200x64xf32>
  %1 = kiln.mul %0, %c : tensor<2x2x200x64xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<2x2x200x64xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
