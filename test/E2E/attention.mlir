// kiln.attention through kiln-run (the tiled lowering, kiln-tile-attention)
// and, for the longer cases, through kiln-compile --attention=decomposed
// (matmul, softmax, matmul), compared with Inputs/attention_reference.py
// (softmax(q k^T s + mask) v in float64; rows with every key masked are 0).
// The tiled cases span several blocks of the default 64 rows and keys,
// with lengths no block size divides (padding).

// RUN: %e2e %s --entry plain --inputs "2x4x8x16xf32, 2x4x8x16xf32, 2x4x8x16xf32" --ref "sdpa(t0, t1, t2)" --prelude %S/Inputs/attention_reference.py
// RUN: %e2e %s --entry causal_gqa --inputs "1x8x6x16xf32, 1x2x10x16xf32, 1x2x10x8xf32" --ref "sdpa(t0, t1.repeat_interleave(4, 1), t2.repeat_interleave(4, 1), attn_mask=torch.ones(6, 10, dtype=torch.bool).tril(4))" --prelude %S/Inputs/attention_reference.py
// RUN: %e2e %s --entry bool_mask --inputs "2x2x4x8xf32, 2x2x5x8xf32, 2x2x5x8xf32, 2x1x1x5xi1" --ref "sdpa(t0, t1, t2, attn_mask=t3 | (torch.arange(5) == 0))" --prelude %S/Inputs/attention_reference.py
// RUN: %e2e %s --entry float_mask --inputs "1x2x4x8xf32, 1x2x5x8xf32, 1x2x5x8xf32, 4x5xf32" --ref "sdpa(t0, t1, t2, attn_mask=t3, scale=0.5)" --prelude %S/Inputs/attention_reference.py

// RUN: %e2e %s --entry long_causal_gqa --inputs "1x8x100x16xf32, 1x2x130x16xf32, 1x2x130x8xf32" --ref "sdpa(t0, t1, t2, causal=True)" --prelude %S/Inputs/attention_reference.py
// RUN: %e2e %s --entry long_causal_gqa --compile --compile-args=--attention=decomposed --inputs "1x8x100x16xf32, 1x2x130x16xf32, 1x2x130x8xf32" --ref "sdpa(t0, t1, t2, causal=True)" --prelude %S/Inputs/attention_reference.py
// RUN: %e2e %s --entry key_padding --threads 2 --compile --inputs "2x3x70x8xf32, 2x3x150x8xf32, 2x3x150x8xf32, 2x1x1x150xi1" --ref "sdpa(t0, t1, t2, attn_mask=t3)" --prelude %S/Inputs/attention_reference.py
// RUN: %e2e %s --entry float_mask_causal --inputs "1x2x70x16xf32, 1x2x70x16xf32, 1x2x70x16xf32, 70x70xf32" --ref "sdpa(t0, t1, t2, attn_mask=t3, causal=True)" --prelude %S/Inputs/attention_reference.py
// RUN: %e2e %s --entry empty_rows --inputs "1x2x80x8xf32, 1x2x20x8xf32, 1x2x20x8xf32" --ref "sdpa(t0, t1, t2, causal=True)" --prelude %S/Inputs/attention_reference.py
// RUN: %e2e %s --entry empty_rows --compile --compile-args=--attention=decomposed --inputs "1x2x80x8xf32, 1x2x20x8xf32, 1x2x20x8xf32" --ref "sdpa(t0, t1, t2, causal=True)" --prelude %S/Inputs/attention_reference.py
// RUN: %e2e %s --entry empty_mask_row --inputs "1x1x66x8xf32, 1x1x90x8xf32, 1x1x90x8xf32, 66x90xi1" --ref "sdpa(t0, t1, t2, attn_mask=t3 & (torch.arange(66) != 5)[:, None])" --prelude %S/Inputs/attention_reference.py
// RUN: %e2e %s --entry empty_mask_row --compile --compile-args=--attention=decomposed --inputs "1x1x66x8xf32, 1x1x90x8xf32, 1x1x90x8xf32, 66x90xi1" --ref "sdpa(t0, t1, t2, attn_mask=t3 & (torch.arange(66) != 5)[:, None])" --prelude %S/Inputs/attention_reference.py
// RUN: %e2e %s --entry sharp --inputs "1x2x128x32xf32, 1x2x128x32xf32, 1x2x128x32xf32" --ref "sdpa(t0 * 30, t1, t2)" --prelude %S/Inputs/attention_reference.py
// RUN: %e2e %s --entry decode --inputs "2x4x1x32xf32, 2x4x300x32xf32, 2x4x300x32xf32" --ref "sdpa(t0, t1, t2, causal=True)" --prelude %S/Inputs/attention_reference.py
// RUN: %e2e %s --entry decode_long --inputs "1x8x1x64xf32, 1x2x1000x64xf32, 1x2x1000x64xf32, 1x1x1x1000xi1" --ref "sdpa(t0, t1, t2, attn_mask=t3)" --prelude %S/Inputs/attention_reference.py
// RUN: %e2e %s --entry decode_long --threads 2 --compile --inputs "1x8x1x64xf32, 1x2x1000x64xf32, 1x2x1000x64xf32, 1x1x1x1000xi1" --ref "sdpa(t0, t1, t2, attn_mask=t3)" --prelude %S/Inputs/attention_reference.py
// RUN: %e2e %s --entry decode_chunk --inputs "1x4x3x32xf32, 1x4x777x32xf32, 1x4x777x32xf32" --ref "sdpa(t0, t1, t2, causal=True)" --prelude %S/Inputs/attention_reference.py
// RUN: %e2e %s --entry half --tol 2e-3 --inputs "1x2x70x16xf16, 1x2x90x16xf16, 1x2x90x16xf16" --ref "sdpa(t0, t1, t2, causal=True)" --prelude %S/Inputs/attention_reference.py
// RUN: %e2e %s --entry double --tol 1e-12 --inputs "1x2x70x16xf64, 1x2x90x16xf64, 1x2x90x16xf64" --ref "sdpa(t0, t1, t2, causal=True)" --prelude %S/Inputs/attention_reference.py
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

// Several query and key blocks, both padded (100 = 2 x 50 rows; 130 keys
// in 3 blocks of 44), causal with 30 more keys than queries, 4 query heads
// per kv head.
func.func @long_causal_gqa(%q: tensor<1x8x100x16xf32>, %k: tensor<1x2x130x16xf32>, %v: tensor<1x2x130x8xf32>) -> tensor<1x8x100x8xf32> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<1x8x100x16xf32>, tensor<1x2x130x16xf32>, tensor<1x2x130x8xf32>) -> tensor<1x8x100x8xf32>
  return %0 : tensor<1x8x100x8xf32>
}
// A key-padding mask [b, 1, 1, s] over three key blocks.
func.func @key_padding(%q: tensor<2x3x70x8xf32>, %k: tensor<2x3x150x8xf32>, %v: tensor<2x3x150x8xf32>, %m: tensor<2x1x1x150xi1>) -> tensor<2x3x70x8xf32> {
  %0 = kiln.attention %q, %k, %v mask %m : (tensor<2x3x70x8xf32>, tensor<2x3x150x8xf32>, tensor<2x3x150x8xf32>, tensor<2x1x1x150xi1>) -> tensor<2x3x70x8xf32>
  return %0 : tensor<2x3x70x8xf32>
}
// An additive mask as well as causality.
func.func @float_mask_causal(%q: tensor<1x2x70x16xf32>, %k: tensor<1x2x70x16xf32>, %v: tensor<1x2x70x16xf32>, %m: tensor<70x70xf32>) -> tensor<1x2x70x16xf32> {
  %0 = kiln.attention %q, %k, %v mask %m causal : (tensor<1x2x70x16xf32>, tensor<1x2x70x16xf32>, tensor<1x2x70x16xf32>, tensor<70x70xf32>) -> tensor<1x2x70x16xf32>
  return %0 : tensor<1x2x70x16xf32>
}
// Causal with fewer keys than queries: query i sees keys j <= i - 60, so
// the first 60 rows see none and are 0.
func.func @empty_rows(%q: tensor<1x2x80x8xf32>, %k: tensor<1x2x20x8xf32>, %v: tensor<1x2x20x8xf32>) -> tensor<1x2x80x8xf32> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<1x2x80x8xf32>, tensor<1x2x20x8xf32>, tensor<1x2x20x8xf32>) -> tensor<1x2x80x8xf32>
  return %0 : tensor<1x2x80x8xf32>
}
// Row 5 of the boolean mask is all false: that row is 0.
func.func @empty_mask_row(%q: tensor<1x1x66x8xf32>, %k: tensor<1x1x90x8xf32>, %v: tensor<1x1x90x8xf32>, %m: tensor<66x90xi1>) -> tensor<1x1x66x8xf32> {
  %rows = kiln.iota dim = 0 : tensor<66x1xi64>
  %five = kiln.constant dense<5> : tensor<i64>
  %keep = kiln.compare ne, %rows, %five : (tensor<66x1xi64>, tensor<i64>) -> tensor<66x1xi1>
  %m2 = kiln.and %m, %keep : (tensor<66x90xi1>, tensor<66x1xi1>) -> tensor<66x90xi1>
  %0 = kiln.attention %q, %k, %v mask %m2 : (tensor<1x1x66x8xf32>, tensor<1x1x90x8xf32>, tensor<1x1x90x8xf32>, tensor<66x90xi1>) -> tensor<1x1x66x8xf32>
  return %0 : tensor<1x1x66x8xf32>
}
// Scores scaled up 30 times (|s| in the hundreds): the running maximum
// keeps every exponent at most 0.
func.func @sharp(%q: tensor<1x2x128x32xf32>, %k: tensor<1x2x128x32xf32>, %v: tensor<1x2x128x32xf32>) -> tensor<1x2x128x32xf32> {
  %c = kiln.constant dense<30.0> : tensor<f32>
  %q30 = kiln.mul %q, %c : (tensor<1x2x128x32xf32>, tensor<f32>) -> tensor<1x2x128x32xf32>
  %0 = kiln.attention %q30, %k, %v : (tensor<1x2x128x32xf32>, tensor<1x2x128x32xf32>, tensor<1x2x128x32xf32>) -> tensor<1x2x128x32xf32>
  return %0 : tensor<1x2x128x32xf32>
}
// One query over a long cache (causal: it sees every key).
func.func @decode(%q: tensor<2x4x1x32xf32>, %k: tensor<2x4x300x32xf32>, %v: tensor<2x4x300x32xf32>) -> tensor<2x4x1x32xf32> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<2x4x1x32xf32>, tensor<2x4x300x32xf32>, tensor<2x4x300x32xf32>) -> tensor<2x4x1x32xf32>
  return %0 : tensor<2x4x1x32xf32>
}
// f16 operands: the blocks compute in f32.
func.func @half(%q: tensor<1x2x70x16xf16>, %k: tensor<1x2x90x16xf16>, %v: tensor<1x2x90x16xf16>) -> tensor<1x2x70x16xf16> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<1x2x70x16xf16>, tensor<1x2x90x16xf16>, tensor<1x2x90x16xf16>) -> tensor<1x2x70x16xf16>
  return %0 : tensor<1x2x70x16xf16>
}
// f64 operands compute in f64.
func.func @double(%q: tensor<1x2x70x16xf64>, %k: tensor<1x2x90x16xf64>, %v: tensor<1x2x90x16xf64>) -> tensor<1x2x70x16xf64> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<1x2x70x16xf64>, tensor<1x2x90x16xf64>, tensor<1x2x90x16xf64>) -> tensor<1x2x70x16xf64>
  return %0 : tensor<1x2x70x16xf64>
}

// Decode steps split their keys (split-K, flash-decoding): 8 tasks of one
// query over 1000 keys in 16 blocks become 32 tasks of 4 blocks each,
// combined after; a key-padding mask hides some keys in every part.
func.func @decode_long(%q: tensor<1x8x1x64xf32>, %k: tensor<1x2x1000x64xf32>, %v: tensor<1x2x1000x64xf32>, %m: tensor<1x1x1x1000xi1>) -> tensor<1x8x1x64xf32> {
  %0 = kiln.attention %q, %k, %v mask %m : (tensor<1x8x1x64xf32>, tensor<1x2x1000x64xf32>, tensor<1x2x1000x64xf32>, tensor<1x1x1x1000xi1>) -> tensor<1x8x1x64xf32>
  return %0 : tensor<1x8x1x64xf32>
}

// Three new tokens at once over a cache of 777 (causal: the last query
// sees every key, the first all but two): parts of the 13 key blocks, the
// last one padded and on the diagonal.
func.func @decode_chunk(%q: tensor<1x4x3x32xf32>, %k: tensor<1x4x777x32xf32>, %v: tensor<1x4x777x32xf32>) -> tensor<1x4x3x32xf32> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<1x4x3x32xf32>, tensor<1x4x777x32xf32>, tensor<1x4x777x32xf32>) -> tensor<1x4x3x32xf32>
  return %0 : tensor<1x4x3x32xf32>
}
