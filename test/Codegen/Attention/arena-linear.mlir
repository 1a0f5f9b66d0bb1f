// The planned arena of tiled attention grows linearly with the sequence:
// it holds K transposed, [1, 8, 64, S] f32 = 2 KiB per position (the query,
// key and value are the caller's, the result is written in place), so
// 2 MiB at 1024, 4 MiB at 2048 and 8 MiB at 4096 (one head's 4096 x 4096
// scores alone would be 64 MiB). The decomposed form
// holds the scores and the probabilities, 2 x [1, 8, S, S] f32, plus the
// row maxima [1, 8, S, 1]: 64 MiB + 32 KiB at 1024.
// RUN: kiln-opt %s --kiln-cpu | FileCheck %s
// RUN: kiln-opt %s --kiln-cpu=tile-attention=false | FileCheck %s --check-prefix=DECOMPOSED
// RUN: kiln-opt %s --kiln-tile-attention --convert-kiln-to-linalg | FileCheck %s --check-prefix=TENSORS

// CHECK-LABEL: llvm.func @causal_1024
// CHECK-SAME: kiln.arena_bytes = 2097152 : i64
// CHECK-LABEL: llvm.func @causal_2048
// CHECK-SAME: kiln.arena_bytes = 4194304 : i64
// CHECK-LABEL: llvm.func @causal_4096
// CHECK-SAME: kiln.arena_bytes = 8388608 : i64

// DECOMPOSED-LABEL: llvm.func @causal_1024
// DECOMPOSED-SAME: kiln.arena_bytes = 67141632 : i64

// No [S, S] tensor of any kind once the attention is tiled.
// TENSORS-NOT: 1024x1024
// TENSORS-NOT: 2048x2048
// TENSORS-NOT: 4096x4096

func.func @causal_1024(%q: tensor<1x8x1024x64xf32>, %k: tensor<1x8x1024x64xf32>, %v: tensor<1x8x1024x64xf32>) -> tensor<1x8x1024x64xf32> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<1x8x1024x64xf32>, tensor<1x8x1024x64xf32>, tensor<1x8x1024x64xf32>) -> tensor<1x8x1024x64xf32>
  return %0 : tensor<1x8x1024x64xf32>
}
func.func @causal_2048(%q: tensor<1x8x2048x64xf32>, %k: tensor<1x8x2048x64xf32>, %v: tensor<1x8x2048x64xf32>) -> tensor<1x8x2048x64xf32> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<1x8x2048x64xf32>, tensor<1x8x2048x64xf32>, tensor<1x8x2048x64xf32>) -> tensor<1x8x2048x64xf32>
  return %0 : tensor<1x8x2048x64xf32>
}
func.func @causal_4096(%q: tensor<1x8x4096x64xf32>, %k: tensor<1x8x4096x64xf32>, %v: tensor<1x8x4096x64xf32>) -> tensor<1x8x4096x64xf32> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<1x8x4096x64xf32>, tensor<1x8x4096x64xf32>, tensor<1x8x4096x64xf32>) -> tensor<1x8x4096x64xf32>
  return %0 : tensor<1x8x4096x64xf32>
}
