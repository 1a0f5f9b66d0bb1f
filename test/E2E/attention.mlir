// kiln.attention (lowered as matmul-softmax-matmul) through kiln-run,
// compared with Inputs/attention_reference.py (softmax(q k^T s + mask) v
// in float64).

// RUN: %e2e %s --entry plain --inputs "2x4x8x16xf32, 2x4x8x16xf32, 2x4x8x16xf32" --ref "sdpa(t0, t1, t2)" --prelude %S/Inputs/attention_reference.py
// RUN: %e2e %s --entry causal_gqa --inputs "1x8x6x16xf32, 1x2x10x16xf32, 1x2x10x8xf32" --ref "sdpa(t0, t1.repeat_interleave(4, 1), t2.repeat_interleave(4, 1), attn_mask=torch.ones(6, 10, dtype=torch.bool).tril(4))" --prelude %S/Inputs/attention_reference.py
// RUN: %e2e %s --entry bool_mask --inputs "2x2x4x8xf32, 2x2x5x8xf32, 2x2x5x8xf32, 2x1x1x5xi1" --ref "sdpa(t0, t1, t2, attn_mask=t3 | (torch.arange(5) == 0))" --prelude %S/Inputs/attention_reference.py
// RUN: %e2e %s --entry float_mask --inputs "1x2x4x8xf32, 1x2x5x8xf32, 1x2x5x8xf32, 4x5xf32" --ref "sdpa(t0, t1, t2, attn_mask=t3, scale=0.5)" --prelude %S/Inputs/attention_reference.py

func.func @plain(%q: tensor<2x4x8x16xf32>, %k: tensor<2x4x8x16xf32>, %v: tensor<2x4x8x16xf32>) -> tensor<2x4x8x16xf32> {
  %0 = kiln.attention %q, %k, %v : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>) -> tensor<2x4x8x16xf32>
  return %0 : tensor<2x4x8x16xf32>
}
// Grouped-query attention (8 query heads over 2 kv heads), causal with more
// keys than queries: query i sees keys j <= i + 4.
func.func @causal_gqa(%q: tensor<1x8x6x16xf32>, %k: tensor<1x2x10x16xf32>, %v: tensor<1x2x10x8xf32>) -> tensor<1x8x6x8xf32> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<1x8x6x16xf32>, tensor<1x2x10x16xf32>, tensor<1x2x10x8xf32>) -> tensor<1x8x6x8xf32>
  return %0 : tensor<1x8x6x8xf32>
}
// A padding mask; key 0 is always visible so that no row is fully masked.
func.func @bool_mask(%q: tensor<2x2x4x8xf32>, %k: tensor<2x2x5x8xf32>, %v: tensor<2x2x5x8xf32>, %m: tensor<2x1x1x5xi1>) -> tensor<2x2x4x8xf32> {
  %first = kiln.iota dim = 0 : tensor<5xi64>
  %zero = kiln.constant dense<0> : tensor<i64>
  %is_first = kiln.compare eq, %first, %zero : (tensor<5xi64>, tensor<i64>) -> tensor<5xi1>
  %t = kiln.constant dense<true> : tensor<i1>
  %f = kiln.constant dense<false> : tensor<i1>
  %m2 = kiln.select %is_first, %t, %m : (tensor<5xi1>, tensor<i1>, tensor<2x1x1x5xi1>) -> tensor<2x1x1x5xi1>
  %0 = kiln.attention %q, %k, %v mask %m2 : (tensor<2x2x4x8xf32>, tensor<2x2x5x8xf32>, tensor<2x2x5x8xf32>, tensor<2x1x1x5xi1>) -> tensor<2x2x4x8xf32>
  return %0 : tensor<2x2x4x8xf32>
}
func.func @float_mask(%q: tensor<1x2x4x8xf32>, %k: tensor<1x2x5x8xf32>, %v: tensor<1x2x5x8xf32>, %m: tensor<4x5xf32>) -> tensor<1x2x4x8xf32> {
  %0 = kiln.attention %q, %k, %v mask %m scale = 0.5 : (tensor<1x2x4x8xf32>, tensor<1x2x5x8xf32>, tensor<1x2x5x8xf32>, tensor<4x5xf32>) -> tensor<1x2x4x8xf32>
  return %0 : tensor<1x2x4x8xf32>
}
