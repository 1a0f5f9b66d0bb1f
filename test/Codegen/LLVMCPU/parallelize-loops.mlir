// RUN: kiln-opt %s --kiln-parallelize-loops --split-input-file | FileCheck %s
// RUN: kiln-opt %s --kiln-parallelize-loops=max-tasks=4 --split-input-file | FileCheck %s --check-prefix=FOUR
// RUN: not kiln-opt %s --kiln-parallelize-loops=min-task-work=0 --split-input-file 2>&1 | FileCheck %s --check-prefix=BAD

// A row reduction of 2x64x128 is 16K iterations x 1 op: below twice the
// default min-task-work of 65536, it stays serial.
// CHECK-LABEL: func.func @small
// CHECK-NOT: scf.forall
// CHECK: linalg.reduce
// BAD: kiln-parallelize-loops: min-task-work and max-tasks must be positive
func.func @small(%x: memref<2x64x128xf32>, %s: memref<2x64xf32>) {
  linalg.reduce ins(%x : memref<2x64x128xf32>) outs(%s : memref<2x64xf32>) dimensions = [2]
    (%in: f32, %acc: f32) {
      %r = arith.addf %in, %acc : f32
      linalg.yield %r : f32
    }
  return
}

// -----

// 8x64x512 iterations x 1 op = 256K: 4 tasks of 2 whole batches each
// (64 rows per task would be 8 tasks, more than 262144 / 65536 = 4).
// The reduction loop is never cut.
// CHECK-LABEL: func.func @rows
// CHECK: scf.forall (%[[T:.*]]) in (4)
// CHECK: %[[I:.*]] = affine.delinearize_index %[[T]] into (4)
// CHECK: %[[C2:.*]] = arith.constant 2 : index
// CHECK: %[[O:.*]] = arith.muli %[[I]], %[[C2]]
// CHECK: %[[X:.*]] = memref.subview %{{.*}}[%[[O]], 0, 0] [2, 64, 512] [1, 1, 1]
// CHECK: %[[S:.*]] = memref.subview %{{.*}}[%[[O]], 0] [2, 64] [1, 1]
// CHECK: linalg.reduce ins(%[[X]] : {{.*}}) outs(%[[S]] : {{.*}}) dimensions = [2]
func.func @rows(%x: memref<8x64x512xf32>, %s: memref<8x64xf32>) {
  linalg.reduce ins(%x : memref<8x64x512xf32>) outs(%s : memref<8x64xf32>) dimensions = [2]
    (%in: f32, %acc: f32) {
      %r = arith.addf %in, %acc : f32
      linalg.yield %r : f32
    }
  return
}

// -----

// 2x96x512 iterations x 4 ops = 393216: 6 tasks wanted; dimension 0
// gives 2 and dimension 1 is cut into 3 (the largest divisor of 96 up to
// 6 / 2), 32 rows each. With max-tasks=4: 2 x 2.
// CHECK-LABEL: func.func @elementwise
// CHECK: scf.forall (%[[T:.*]]) in (6)
// CHECK: affine.delinearize_index %[[T]] into (2, 3)
// CHECK: linalg.generic
// CHECK-SAME: memref<1x32x512xf32
// FOUR-LABEL: func.func @elementwise
// FOUR: scf.forall (%[[T:.*]]) in (4)
// FOUR: affine.delinearize_index %[[T]] into (2, 2)
// FOUR: memref<1x48x512xf32
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
func.func @elementwise(%x: memref<2x96x512xf32>, %y: memref<2x96x512xf32>) {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel"]} ins(%x : memref<2x96x512xf32>) outs(%y : memref<2x96x512xf32>) {
  ^bb0(%a: f32, %o: f32):
    %0 = arith.mulf %a, %a : f32
    %1 = arith.addf %0, %a : f32
    %2 = arith.mulf %1, %a : f32
    %3 = arith.addf %2, %a : f32
    linalg.yield %3 : f32
  }
  return
}

// -----

// Already inside a task (a scheduled matmul's), a leading reduction loop,
// and dynamic shapes: all stay as they are.
// CHECK-LABEL: func.func @kept
// CHECK: scf.forall
// CHECK-NOT: scf.forall
// CHECK: return
func.func @kept(%x: memref<1024x1024xf32>, %y: memref<1024x1024xf32>, %c: memref<1024xf32>, %d: memref<?x1024xf32>) {
  scf.forall (%i) in (2) {
    linalg.copy ins(%x : memref<1024x1024xf32>) outs(%y : memref<1024x1024xf32>)
  }
  linalg.reduce ins(%x : memref<1024x1024xf32>) outs(%c : memref<1024xf32>) dimensions = [0]
    (%in: f32, %acc: f32) {
      %r = arith.addf %in, %acc : f32
      linalg.yield %r : f32
    }
  linalg.copy ins(%d : memref<?x1024xf32>) outs(%d : memref<?x1024xf32>)
  return
}
