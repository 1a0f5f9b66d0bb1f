// RUN: kiln-opt %s --kiln-clone-fills | FileCheck %s
// RUN: kiln-opt %s --kiln-clone-fills --one-shot-bufferize="bufferize-function-boundaries" | FileCheck %s --check-prefix=BUF

// One zero fill (as CSE leaves it) accumulates two matmuls and is read by
// an add, and one empty tensor is the destination of the fill and the
// add. Each matmul gets its own fill right before it, each fill and the
// add their own empty tensor; the add still reads the original fill.
// CHECK-LABEL: func.func @shared
// CHECK: %[[E:.*]] = tensor.empty()
// CHECK-NEXT: %[[F:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E]]
// CHECK-NEXT: %[[E1:.*]] = tensor.empty()
// CHECK-NEXT: %[[F1:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E1]]
// CHECK-NEXT: linalg.matmul {{.*}} outs(%[[F1]] :
// CHECK-NEXT: %[[E2:.*]] = tensor.empty()
// CHECK-NEXT: %[[F2:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E2]]
// CHECK-NEXT: linalg.matmul {{.*}} outs(%[[F2]] :
// CHECK-NEXT: %[[E3:.*]] = tensor.empty()
// CHECK-NEXT: linalg.add ins(%{{.*}}, %[[F]] : {{.*}} outs(%[[E3]] :

// Bufferized, no accumulator is a copy of another's zeros.
// BUF-LABEL: func.func @shared
// BUF-NOT: memref.copy
// BUF: return
func.func @shared(%a: tensor<8x8xf32>, %b: tensor<8x8xf32>) -> (tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<8x8xf32>, tensor<8x8xf32>) outs(%f : tensor<8x8xf32>) -> tensor<8x8xf32>
  %1 = linalg.matmul ins(%b, %a : tensor<8x8xf32>, tensor<8x8xf32>) outs(%f : tensor<8x8xf32>) -> tensor<8x8xf32>
  %2 = linalg.add ins(%a, %f : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %0, %1, %2 : tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>
}
