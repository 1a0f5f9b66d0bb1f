// RUN: kiln-opt %s --kiln-tile-attention --split-input-file | FileCheck %s
// RUN: kiln-opt %s --kiln-tile-attention=decode-tasks=1 --split-input-file | FileCheck %s --check-prefix=UNSPLIT
// RUN: not kiln-opt %s --kiln-tile-attention=q-block=0 --split-input-file 2>&1 | FileCheck %s --check-prefix=OPTION

// OPTION: kiln-tile-attention: q-block and k-block must be positive, got 0 and 64

// Two query blocks of 64 rows per head (4 tasks), two key blocks streamed
// without any masking: one loop, two block products, the scale folded
// into q, no [128, 128] scores.
// CHECK-LABEL: func.func @plain
// CHECK-SAME: (%[[Q:.*]]: tensor<1x2x128x64xf32>, %[[K:.*]]: tensor<1x2x128x64xf32>, %[[V:.*]]: tensor<1x2x128x64xf32>)
// CHECK: %[[KT:.*]] = linalg.generic {{.*}} ins(%[[K]] : tensor<1x2x128x64xf32>) outs(%{{.*}} : tensor<1x2x64x128xf32>)
// CHECK: scf.forall (%[[T:[^ ]*]]) in (4) shared_outs(%[[O:.*]] = %{{.*}}) -> (tensor<1x2x128x64xf32>)
// CHECK: %[[QB:.*]] = arith.remui %[[T]], %c2
// CHECK: %[[QOFF:.*]] = arith.muli %[[QB]], %c64
// CHECK: arith.constant 1.250000e-01 : f32
// CHECK: tensor.extract_slice %[[Q]][0, %{{.*}}, %[[QOFF]], %c0] [1, 1, 64, 64] [1, 1, 1, 1] : tensor<1x2x128x64xf32> to tensor<64x64xf32>
// CHECK: arith.mulf
// CHECK: scf.for %[[KB:[^ ]*]] = %c0{{.*}} to %c2{{.*}} step
// CHECK: %[[KOFF:.*]] = arith.muli %[[KB]], %c64
// CHECK: tensor.extract_slice %[[KT]][0, %{{.*}}, %{{.*}}, %[[KOFF]]] [1, 1, 64, 64] {{.*}} to tensor<64x64xf32>
// CHECK: tensor.extract_slice %[[V]][0, %{{.*}}, %[[KOFF]], %{{.*}}] [1, 1, 64, 64] {{.*}} to tensor<64x64xf32>
// CHECK: linalg.matmul
// CHECK-NOT: linalg.index
// CHECK: arith.maximumf
// CHECK: math.exp
// CHECK: math.exp
// CHECK: linalg.matmul
// CHECK: scf.yield
// CHECK-NOT: scf.for
// CHECK: arith.divf
// CHECK: scf.forall.in_parallel
// CHECK-NEXT: tensor.parallel_insert_slice %{{.*}} into %[[O]][%{{.*}}, %{{.*}}, %[[QOFF]], 0] [1, 1, 64, 64] [1, 1, 1, 1] : tensor<64x64xf32> into tensor<1x2x128x64xf32>
// CHECK-NOT: tensor<1x2x128x128xf32>
// CHECK-NOT: kiln.attention
func.func @plain(%q: tensor<1x2x128x64xf32>, %k: tensor<1x2x128x64xf32>, %v: tensor<1x2x128x64xf32>) -> tensor<1x2x128x64xf32> {
  %0 = kiln.attention %q, %k, %v : (tensor<1x2x128x64xf32>, tensor<1x2x128x64xf32>, tensor<1x2x128x64xf32>) -> tensor<1x2x128x64xf32>
  return %0 : tensor<1x2x128x64xf32>
}

// -----

// Causal, grouped (4 query heads per kv head), 101 queries in 2 blocks of
// 51 (one padded row, sliced off at the end), 130 keys in 3 blocks of 44
// (two padded keys). A block of rows [r, r + 50] reads key blocks up to
// floor((r + 50 + 29) / 44) (shift 130 - 101 = 29); the ones below
// floor((r + 30) / 44), capped at 2 (the last block is padded), need no
// mask. The masked loop compares key positions with r + 29 + i and 130.
// CHECK-LABEL: func.func @causal_gqa_padded
// CHECK-SAME: (%[[Q:.*]]: tensor<1x8x101x16xf32>, %[[K:.*]]: tensor<1x2x130x16xf32>, %[[V:.*]]: tensor<1x2x130x8xf32>)
// CHECK: %[[KTP:.*]] = tensor.pad %{{.*}} low[0, 0, 0, 0] high[0, 0, 0, 2]
// CHECK: tensor<1x2x16x130xf32> to tensor<1x2x16x132xf32>
// CHECK: %[[VP:.*]] = tensor.pad %[[V]] low[0, 0, 0, 0] high[0, 0, 2, 0]
// CHECK: %[[QP:.*]] = tensor.pad %[[Q]] low[0, 0, 0, 0] high[0, 0, 1, 0]
// CHECK: %[[ALL:.*]] = scf.forall (%[[T:[^ ]*]]) in (16)
// CHECK: %[[QB:.*]] = arith.remui %[[T]], %c2
// CHECK: %[[H:.*]] = arith.remui %{{.*}}, %c8
// CHECK: %[[HKV:.*]] = arith.divui %[[H]], %c4
// CHECK: %[[QOFF:.*]] = arith.muli %[[QB]], %c51
// CHECK: tensor.extract_slice %[[QP]][0, %[[H]], %[[QOFF]], %c0] [1, 1, 51, 16]
// CHECK: %[[LAST:.*]] = arith.addi %[[QOFF]], %c79
// CHECK: %[[LASTB:.*]] = arith.floordivsi %[[LAST]], %c44
// CHECK: %[[END0:.*]] = arith.addi %[[LASTB]], %c1
// CHECK: %[[END1:.*]] = arith.maxsi %[[END0]], %c0
// CHECK: %[[END:.*]] = arith.minsi %[[END1]], %c3
// CHECK: %[[FIRST:.*]] = arith.addi %[[QOFF]], %c30
// CHECK: %[[FULL0:.*]] = arith.floordivsi %[[FIRST]], %c44
// CHECK: %[[FULL1:.*]] = arith.maxsi %[[FULL0]], %c0
// CHECK: %[[FULL2:.*]] = arith.minsi %[[FULL1]], %c2
// CHECK: %[[FULL:.*]] = arith.minsi %[[FULL2]], %[[END]]
// CHECK: %[[R:.*]]:3 = scf.for %{{.*}} = %c0{{.*}} to %[[FULL]]
// CHECK: tensor.extract_slice %[[KTP]][0, %[[HKV]], %{{.*}}, %{{.*}}] [1, 1, 16, 44]
// CHECK: tensor.extract_slice %[[VP]][0, %[[HKV]], %{{.*}}, %{{.*}}] [1, 1, 44, 8]
// CHECK-NOT: linalg.index
// CHECK: scf.yield
// CHECK: scf.for %[[KB:[^ ]*]] = %[[FULL]] to %[[END]] step %{{.*}} iter_args(%{{.*}} = %[[R]]#0, %{{.*}} = %[[R]]#1, %{{.*}} = %[[R]]#2)
// CHECK: %[[KOFF:.*]] = arith.muli %[[KB]], %c44
// CHECK: linalg.matmul
// CHECK: %[[DIAG:.*]] = arith.addi %[[QOFF]], %c29
// CHECK: linalg.generic
// CHECK: %[[J:.*]] = linalg.index 1
// CHECK: %[[KEY:.*]] = arith.addi %[[KOFF]], %[[J]]
// CHECK: %[[I:.*]] = linalg.index 0
// CHECK: %[[ROW:.*]] = arith.addi %[[DIAG]], %[[I]]
// CHECK: %[[SEEN:.*]] = arith.cmpi sle, %[[KEY]], %[[ROW]]
// CHECK: %[[IN:.*]] = arith.cmpi slt, %[[KEY]], %c130
// CHECK: %[[OK:.*]] = arith.andi %[[SEEN]], %[[IN]]
// CHECK: arith.select %[[OK]], %{{.*}}, %cst
// CHECK: tensor.extract_slice %[[ALL]][0, 0, 0, 0] [1, 8, 101, 8] [1, 1, 1, 1] : tensor<1x8x102x8xf32> to tensor<1x8x101x8xf32>
func.func @causal_gqa_padded(%q: tensor<1x8x101x16xf32>, %k: tensor<1x2x130x16xf32>, %v: tensor<1x2x130x8xf32>) -> tensor<1x8x101x8xf32> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<1x8x101x16xf32>, tensor<1x2x130x16xf32>, tensor<1x2x130x8xf32>) -> tensor<1x8x101x8xf32>
  return %0 : tensor<1x8x101x8xf32>
}

// -----

// A key-padding mask [b, 1, 1, s], padded with the keys: each block reads
// the [1, 44] row of its batch at the block's keys, broadcast over the
// rows, and selects -inf where it is false.
// CHECK-LABEL: func.func @key_padding
// CHECK-SAME: %[[M:[^:]*]]: tensor<2x1x1x130xi1>
// CHECK: %[[MP:.*]] = tensor.pad %[[M]] low[0, 0, 0, 0] high[0, 0, 0, 2]
// CHECK: %false
// CHECK: scf.forall
// CHECK: %[[B:.*]] = arith.divui %{{.*}}, %c3
// CHECK: scf.for %[[KB:[^ ]*]] =
// CHECK: %[[KOFF:.*]] = arith.muli %[[KB]], %c44
// CHECK: %[[MB:.*]] = tensor.extract_slice %[[MP]][%[[B]], 0, 0, %[[KOFF]]] [1, 1, 1, 44] [1, 1, 1, 1] : tensor<2x1x1x132xi1> to tensor<1x44xi1>
// CHECK: linalg.generic {indexing_maps = [#[[BCAST:.*]], #{{.*}}], {{.*}} ins(%[[MB]] : tensor<1x44xi1>)
// CHECK: ^bb0(%[[KEEP:.*]]: i1, %[[S:.*]]: f32):
// CHECK: arith.select %[[KEEP]], %[[S]], %cst
func.func @key_padding(%q: tensor<2x3x40x8xf32>, %k: tensor<2x3x130x8xf32>, %v: tensor<2x3x130x8xf32>, %m: tensor<2x1x1x130xi1>) -> tensor<2x3x40x8xf32> {
  %0 = kiln.attention %q, %k, %v mask %m : (tensor<2x3x40x8xf32>, tensor<2x3x130x8xf32>, tensor<2x3x130x8xf32>, tensor<2x1x1x130xi1>) -> tensor<2x3x40x8xf32>
  return %0 : tensor<2x3x40x8xf32>
}

// -----

// An additive [Sq, Sk] mask becomes [1, 1, Sq, Sk] and is read per block;
// f16 operands compute in f32 and the result is truncated.
// CHECK-LABEL: func.func @additive_f16
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1, 2], [3]] output_shape [1, 1, 32, 48] : tensor<32x48xf16> into tensor<1x1x32x48xf16>
// CHECK: tensor.extract_slice %{{.*}}[0, 0, %{{.*}}, %{{.*}}] [1, 1, 32, 48] {{.*}} to tensor<32x48xf16>
// CHECK: ^bb0(%[[ADD:.*]]: f16, %[[S:.*]]: f32):
// CHECK: %[[WIDE:.*]] = arith.extf %[[ADD]] : f16 to f32
// CHECK: arith.addf %[[S]], %[[WIDE]]
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @additive_f16(%q: tensor<1x1x32x16xf16>, %k: tensor<1x1x48x16xf16>, %v: tensor<1x1x48x16xf16>, %m: tensor<32x48xf16>) -> tensor<1x1x32x16xf16> {
  %0 = kiln.attention %q, %k, %v mask %m : (tensor<1x1x32x16xf16>, tensor<1x1x48x16xf16>, tensor<1x1x48x16xf16>, tensor<32x48xf16>) -> tensor<1x1x32x16xf16>
  return %0 : tensor<1x1x32x16xf16>
}

// -----

// An empty key sequence is left to the decomposition.
// CHECK-LABEL: func.func @no_keys
// CHECK: kiln.attention
func.func @no_keys(%q: tensor<1x2x4x16xf32>, %k: tensor<1x2x0x16xf32>, %v: tensor<1x2x0x16xf32>) -> tensor<1x2x4x16xf32> {
  %0 = kiln.attention %q, %k, %v : (tensor<1x2x4x16xf32>, tensor<1x2x0x16xf32>, tensor<1x2x0x16xf32>) -> tensor<1x2x4x16xf32>
  return %0 : tensor<1x2x4x16xf32>
}

// -----

// kiln.attention_lse: the forward nest with a second shared output, the
// per-row log-sum-exp m + log(l), +inf where a row saw no key.
// CHECK-LABEL: func.func @with_lse
// CHECK: %[[ALL:.*]]:2 = scf.forall (%{{.*}}) in (4) shared_outs(%[[O:.*]] = %{{.*}}, %[[L:.*]] = %{{.*}}) -> (tensor<1x2x100x16xf32>, tensor<1x2x100xf32>)
// CHECK: math.log
// CHECK: arith.constant 0x7F800000 : f32
// CHECK: scf.forall.in_parallel
// CHECK-NEXT: tensor.parallel_insert_slice %{{.*}} into %[[O]]
// CHECK-NEXT: tensor.parallel_insert_slice %{{.*}} into %[[L]][%{{.*}}, %{{.*}}, %{{.*}}] [1, 1, 50] [1, 1, 1] : tensor<50xf32> into tensor<1x2x100xf32>
// CHECK: return %[[ALL]]#0, %[[ALL]]#1
func.func @with_lse(%q: tensor<1x2x100x16xf32>, %k: tensor<1x2x100x16xf32>, %v: tensor<1x2x100x16xf32>) -> (tensor<1x2x100x16xf32>, tensor<1x2x100xf32>) {
  %0, %1 = kiln.attention_lse %q, %k, %v causal : (tensor<1x2x100x16xf32>, tensor<1x2x100x16xf32>, tensor<1x2x100x16xf32>) -> (tensor<1x2x100x16xf32>, tensor<1x2x100xf32>)
  return %0, %1 : tensor<1x2x100x16xf32>, tensor<1x2x100xf32>
}

// -----

// kiln.attention_grad: FlashAttention-2's backward. Once per op: K and V
// transposed, q scaled, delta = rowsum(g * out). One task per (batch,
// query head) owns its dq rows and dk, dv partials; it walks the two key
// blocks and, for each, the query blocks that see it: first those that
// cross the causal diagonal (masked by position), then the rest; five
// block products each (s, dv, dp, dk, dq). The four query heads'
// partials are summed into the two kv heads after the nest.
// CHECK-LABEL: func.func @grad
// CHECK-SAME: (%[[Q:.*]]: tensor<1x4x128x16xf32>, %[[K:.*]]: tensor<1x2x128x16xf32>, %[[V:.*]]: tensor<1x2x128x8xf32>, %[[O:.*]]: tensor<1x4x128x8xf32>, %[[LSE:.*]]: tensor<1x4x128xf32>, %[[G:.*]]: tensor<1x4x128x8xf32>)
// CHECK: %[[KT:.*]] = linalg.generic {{.*}} ins(%[[K]] : tensor<1x2x128x16xf32>) outs(%{{.*}} : tensor<1x2x16x128xf32>)
// CHECK: %[[VT:.*]] = linalg.generic {{.*}} ins(%[[V]] : tensor<1x2x128x8xf32>) outs(%{{.*}} : tensor<1x2x8x128xf32>)
// CHECK: arith.constant 2.500000e-01 : f32
// CHECK: %[[DELTA:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[G]], %[[O]] : {{.*}}) outs(%{{.*}} : tensor<1x4x128xf32>)
// CHECK: %[[ALL:.*]]:3 = scf.forall (%{{.*}}) in (4) shared_outs(%[[DQ:.*]] = %{{.*}}, %[[DK:.*]] = %{{.*}}, %[[DV:.*]] = %{{.*}}) -> (tensor<1x4x128x16xf32>, tensor<1x4x128x16xf32>, tensor<1x4x128x8xf32>)
// CHECK: tensor.extract_slice %[[DQ]]
// CHECK: scf.for %[[KB:[^ ]*]] = %c0{{.*}} to %c2
// CHECK: %[[KOFF:.*]] = arith.muli %[[KB]], %c64
// CHECK: tensor.extract_slice %[[KT]][0, %{{.*}}, %{{.*}}, %[[KOFF]]] [1, 1, 16, 64]
// CHECK: tensor.extract_slice %[[K]][0, %{{.*}}, %[[KOFF]], %{{.*}}] [1, 1, 64, 16]
// CHECK: tensor.extract_slice %[[VT]][0, %{{.*}}, %{{.*}}, %[[KOFF]]] [1, 1, 8, 64]
// CHECK: arith.floordivsi
// CHECK: arith.ceildivsi
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[FULL:.*]] step
// CHECK: tensor.extract_slice %[[LSE]]
// CHECK: tensor.extract_slice %[[DELTA]]
// CHECK: linalg.matmul
// CHECK: linalg.index
// CHECK: arith.cmpi sle
// CHECK: math.exp
// CHECK: linalg.matmul
// CHECK: linalg.matmul
// CHECK: linalg.matmul
// CHECK: linalg.matmul
// CHECK-NOT: linalg.matmul
// CHECK: scf.yield
// CHECK: scf.for %{{.*}} = %[[FULL]] to %c2
// CHECK-NOT: linalg.index
// CHECK: math.exp
// CHECK: scf.yield
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[%[[KOFF]], 0] [64, 16]
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[%[[KOFF]], 0] [64, 8]
// CHECK: scf.forall.in_parallel
// CHECK: tensor.expand_shape %[[ALL]]#1 {{.*}} into tensor<1x2x2x128x16xf32>
// CHECK: iterator_types = ["parallel", "parallel", "reduction", "parallel", "parallel"]
// CHECK-NOT: tensor<1x4x128x128xf32>
// CHECK-NOT: kiln.attention
func.func @grad(%q: tensor<1x4x128x16xf32>, %k: tensor<1x2x128x16xf32>, %v: tensor<1x2x128x8xf32>, %o: tensor<1x4x128x8xf32>, %lse: tensor<1x4x128xf32>, %g: tensor<1x4x128x8xf32>) -> (tensor<1x4x128x16xf32>, tensor<1x2x128x16xf32>, tensor<1x2x128x8xf32>) {
  %dq, %dk, %dv = kiln.attention_grad %q, %k, %v, %o, %lse, %g causal : (tensor<1x4x128x16xf32>, tensor<1x2x128x16xf32>, tensor<1x2x128x8xf32>, tensor<1x4x128x8xf32>, tensor<1x4x128xf32>, tensor<1x4x128x8xf32>) -> (tensor<1x4x128x16xf32>, tensor<1x2x128x16xf32>, tensor<1x2x128x8xf32>)
  return %dq, %dk, %dv : tensor<1x4x128x16xf32>, tensor<1x2x128x16xf32>, tensor<1x2x128x8xf32>
}

// -----

// A decode step: 2 tasks (one query, 2 heads) over 512 keys in 8 blocks
// are too few for the default decode-tasks = 32, so the key blocks split
// into the most parts of two blocks each, 4: 8 tasks, each streaming
// blocks [2 p, 2 p + 2) into its own (acc, m, l); the combine reduces
// over the parts with weights e^(m_p - M).
// One query row per block: its products are dot products over K and V in
// place (no K transposed, no block matmul).
// CHECK-LABEL: func.func @decode
// CHECK-NOT: tensor<1x2x64x512xf32>
// CHECK: %[[ALL:.*]]:3 = scf.forall (%[[T:[^ ]*]]) in (8) shared_outs({{.*}}) -> (tensor<8x1x64xf32>, tensor<8x1xf32>, tensor<8x1xf32>)
// CHECK: %[[PART:.*]] = arith.remui %[[T]], %c4
// CHECK: %[[LO:.*]] = arith.muli %[[PART]], %c2
// CHECK: %[[END:.*]] = arith.addi %[[LO]], %c2
// CHECK: %[[HI:.*]] = arith.minsi %[[END]], %c8
// CHECK: scf.for %{{.*}} = %[[LO]] to %{{.*}} step
// CHECK-NOT: linalg.matmul
// CHECK: iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-NOT: linalg.matmul
// CHECK: iterator_types = ["parallel", "reduction", "parallel"]
// CHECK-NOT: linalg.matmul
// CHECK: scf.forall.in_parallel
// CHECK: tensor.expand_shape %[[ALL]]#0 {{.*}} into tensor<1x2x1x4x1x64xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction", "parallel"]
// CHECK: arith.maximumf
// CHECK: iterator_types = ["parallel", "parallel", "parallel", "reduction", "parallel", "parallel"]
// CHECK: math.exp
// CHECK: arith.divf
// CHECK: tensor.collapse_shape
// CHECK-SAME: into tensor<1x2x1x64xf32>
// With decode-tasks=1 it stays one task per query block.
// UNSPLIT-LABEL: func.func @decode
// UNSPLIT: scf.forall (%{{.*}}) in (2) shared_outs({{.*}}) -> (tensor<1x2x1x64xf32>)
// UNSPLIT-NOT: tensor.expand_shape
func.func @decode(%q: tensor<1x2x1x64xf32>, %k: tensor<1x2x512x64xf32>, %v: tensor<1x2x512x64xf32>) -> tensor<1x2x1x64xf32> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<1x2x1x64xf32>, tensor<1x2x512x64xf32>, tensor<1x2x512x64xf32>) -> tensor<1x2x1x64xf32>
  return %0 : tensor<1x2x1x64xf32>
}
