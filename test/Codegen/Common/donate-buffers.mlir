// RUN: kiln-opt %s --split-input-file --kiln-donate-buffers | FileCheck %s
// RUN: kiln-opt %s --split-input-file --kiln-donate-buffers --eliminate-empty-tensors --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" --kiln-drop-donated-results --canonicalize | FileCheck %s --check-prefix=BUF

// An SGD-like step: the update goes last, after the other reader of the
// old parameter, and into the parameter's buffer; the batch is read-only.
// CHECK-LABEL: func.func @step
// CHECK-SAME: (%[[P:.*]]: tensor<64xf32> {bufferization.writable = true, kiln.donated_to = 0 : i64},
// CHECK-SAME: %[[X:.*]]: tensor<64xf32> {bufferization.writable = false})
// CHECK: %[[LOSS:.*]] = linalg.generic {{.*}} ins(%[[P]], %[[X]]
// CHECK: %[[NEW:.*]] = linalg.generic {{.*}} ins(%[[P]], %[[X]]
// CHECK: %[[D:.*]] = bufferization.materialize_in_destination %[[NEW]] in %[[P]]
// CHECK: return %[[D]], %[[LOSS]]

// After bufferization the update writes the parameter in place, with no
// copy, and the donated result is gone from the signature.
// BUF-LABEL: func.func @step
// BUF-SAME: (%[[P:.*]]: memref<64xf32>, %[[X:.*]]: memref<64xf32>) -> memref<64xf32>
// BUF-NOT: memref.copy
// BUF: linalg.generic {{.*}} ins(%[[P]], %[[X]] : {{.*}}) outs(%[[P]] :
// BUF-NOT: memref.copy
// BUF: return %{{.*}} : memref<64xf32>
#id = affine_map<(d0) -> (d0)>
func.func @step(%p: tensor<64xf32> {kiln.donated_to = 0 : i64}, %x: tensor<64xf32>) -> (tensor<64xf32>, tensor<64xf32>) {
  %e = tensor.empty() : tensor<64xf32>
  %new = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%p, %x : tensor<64xf32>, tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %r = arith.subf %a, %b : f32
    linalg.yield %r : f32
  } -> tensor<64xf32>
  %loss = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%p, %x : tensor<64xf32>, tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %r = arith.mulf %a, %b : f32
    linalg.yield %r : f32
  } -> tensor<64xf32>
  return %new, %loss : tensor<64xf32>, tensor<64xf32>
}

// -----

// Two donated arguments that swap: each old value is copied before either
// argument is written (one-shot bufferization cannot delay a read of the
// old value past the write on its own).
// CHECK-LABEL: func.func @swap
// CHECK: %[[CA:.*]] = bufferization.alloc_tensor() copy(%arg1)
// CHECK: %[[CB:.*]] = bufferization.alloc_tensor() copy(%arg0)
// CHECK: materialize_in_destination %[[CA]] in %arg0
// CHECK: materialize_in_destination %[[CB]] in %arg1
// BUF-LABEL: func.func @swap
// BUF-SAME: (%[[A:.*]]: memref<4xf32>, %[[B:.*]]: memref<4xf32>) {
// BUF: memref.copy %[[B]], %[[TB:.*]] :
// BUF: memref.copy %[[A]], %[[TA:.*]] :
// BUF: memref.copy %[[TB]], %[[A]] :
// BUF: memref.copy %[[TA]], %[[B]] :
// BUF: return
// BUF-NEXT: }
func.func @swap(%a: tensor<4xf32> {kiln.donated_to = 0 : i64}, %b: tensor<4xf32> {kiln.donated_to = 1 : i64}) -> (tensor<4xf32>, tensor<4xf32>) {
  return %b, %a : tensor<4xf32>, tensor<4xf32>
}

// -----

// A result left unchanged is its own argument: nothing to write.
// CHECK-LABEL: func.func @unchanged
// CHECK-NOT: materialize_in_destination
// CHECK: return %arg0
func.func @unchanged(%a: tensor<4xf32> {kiln.donated_to = 0 : i64}) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}

// -----

// Writers go as early as their reads allow: %w's update needs only its
// gradient and the last read of %w, so it moves above the later work on
// %x (the gradient then dies early). The scale it reads, a small value
// computed late from the step count, moves up as far as it can.
// CHECK-LABEL: func.func @early
// CHECK: %[[S:.*]] = linalg.generic {{.*}} ins(%arg1 : tensor<i64>)
// CHECK: %[[G:.*]] = linalg.generic {{.*}} ins(%arg0, %arg2
// CHECK: %[[NEW:.*]] = linalg.generic {{.*}} ins(%arg0, %[[G]], %[[S]]
// CHECK: %[[LATE:.*]] = linalg.generic {{.*}} ins(%arg2, %arg2
// CHECK: materialize_in_destination %[[NEW]] in %arg0
#id = affine_map<(d0) -> (d0)>
#scalar = affine_map<(d0) -> ()>
#none = affine_map<() -> ()>
func.func @early(%w: tensor<64xf32> {kiln.donated_to = 0 : i64}, %step: tensor<i64>, %x: tensor<64xf32>) -> (tensor<64xf32>, tensor<64xf32>) {
  %e = tensor.empty() : tensor<64xf32>
  %g = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%w, %x : tensor<64xf32>, tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %r = arith.mulf %a, %b : f32
    linalg.yield %r : f32
  } -> tensor<64xf32>
  %late = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%x, %x : tensor<64xf32>, tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %r = arith.addf %a, %b : f32
    linalg.yield %r : f32
  } -> tensor<64xf32>
  %es = tensor.empty() : tensor<f32>
  %s = linalg.generic {indexing_maps = [#none, #none], iterator_types = []} ins(%step : tensor<i64>) outs(%es : tensor<f32>) {
  ^bb0(%a: i64, %o: f32):
    %r = arith.sitofp %a : i64 to f32
    linalg.yield %r : f32
  } -> tensor<f32>
  %new = linalg.generic {indexing_maps = [#id, #id, #scalar, #id], iterator_types = ["parallel"]} ins(%w, %g, %s : tensor<64xf32>, tensor<64xf32>, tensor<f32>) outs(%e : tensor<64xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32, %o: f32):
    %m = arith.mulf %b, %c : f32
    %r = arith.subf %a, %m : f32
    linalg.yield %r : f32
  } -> tensor<64xf32>
  return %new, %late : tensor<64xf32>, tensor<64xf32>
}
