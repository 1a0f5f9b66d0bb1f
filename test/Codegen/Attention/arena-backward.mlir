// The planned arena of a gradient through tiled attention (autodiff's
// kiln.attention_lse + kiln.attention_grad, both tiled) grows linearly with
// the sequence: 8,454,144 bytes at 1024 (four [8, S, 64] f32 tensors of
// 2 MiB, such as the saved output, K transposed and the dk, dv partials,
// and 64 KiB of per-row log-sum-exp and delta), exactly twice that at
// 2048 and four times at 4096. The decomposed backward holds
// [1, 8, S, S] scores, probabilities and their adjoints: 136,347,648 bytes
// (130 MiB) at 1024 already, and four times that at each doubling.
// RUN: kiln-opt %s --kiln-autodiff="function=loss_1024 wrt=0,1,2" --kiln-autodiff="function=loss_2048 wrt=0,1,2" --kiln-autodiff="function=loss_4096 wrt=0,1,2" --kiln-cpu | FileCheck %s
// RUN: kiln-opt %s --kiln-autodiff="function=loss_1024 wrt=0,1,2" --kiln-cpu=tile-attention=false | FileCheck %s --check-prefix=DECOMPOSED
// RUN: kiln-opt %s --kiln-autodiff="function=loss_4096 wrt=0,1,2" --kiln-tile-attention --convert-kiln-to-linalg | FileCheck %s --check-prefix=TENSORS

// CHECK-LABEL: llvm.func @loss_1024_grad
// CHECK-SAME: kiln.arena_bytes = 8454144 : i64
// CHECK-LABEL: llvm.func @loss_2048_grad
// CHECK-SAME: kiln.arena_bytes = 16908288 : i64
// CHECK-LABEL: llvm.func @loss_4096_grad
// CHECK-SAME: kiln.arena_bytes = 33816576 : i64

// DECOMPOSED-LABEL: llvm.func @loss_1024_grad
// DECOMPOSED-SAME: kiln.arena_bytes = 136347648 : i64

// No [S, S] tensor in the tiled gradient.
// TENSORS-LABEL: func.func @loss_4096_grad
// TENSORS-NOT: 4096x4096
// TENSORS: return

func.func @loss_1024(%q: tensor<1x8x1024x64xf32>, %k: tensor<1x8x1024x64xf32>, %v: tensor<1x8x1024x64xf32>, %c: tensor<1x8x1024x64xf32>) -> tensor<f32> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<1x8x1024x64xf32>, tensor<1x8x1024x64xf32>, tensor<1x8x1024x64xf32>) -> tensor<1x8x1024x64xf32>
  %1 = kiln.mul %0, %c : tensor<1x8x1024x64xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<1x8x1024x64xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

func.func @loss_2048(%q: tensor<1x8x2048x64xf32>, %k: tensor<1x8x2048x64xf32>, %v: tensor<1x8x2048x64xf32>, %c: tensor<1x8x2048x64xf32>) -> tensor<f32> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<1x8x2048x64xf32>, tensor<1x8x2048x64xf32>, tensor<1x8x2048x64xf32>) -> tensor<1x8x2048x64xf32>
  %1 = kiln.mul %0, %c : tensor<1x8x2048x64xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<1x8x2048x64xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

func.func @loss_4096(%q: tensor<1x8x4096x64xf32>, %k: tensor<1x8x4096x64xf32>, %v: tensor<1x8x4096x64xf32>, %c: tensor<1x8x4096x64xf32>) -> tensor<f32> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<1x8x4096x64xf32>, tensor<1x8x4096x64xf32>, tensor<1x8x4096x64xf32>) -> tensor<1x8x4096x64xf32>
  %1 = kiln.mul %0, %c : tensor<1x8x4096x64xf32>
  %2 = kiln.reduce_sum %1 dims = [0, 1, 2, 3] : (tensor<1x8x4096x64xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
