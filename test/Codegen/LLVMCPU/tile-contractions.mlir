// RUN: kiln-opt %s --split-input-file --kiln-tile-contractions="register-tile=8,32 cache-tile=16,16 task-tile=16,64" --canonicalize --cse | FileCheck %s

// 20x24 times 24x40 with 8x32 register blocks leaves 4 rows and 8 columns
// over; K = 24 is one full block of 16 and a partial one of 8. The tasks
// (16 rows x 32 columns after shrinking towards 8 tasks) form one forall;
// each packs B into 32-wide panels and a 16-row block of A on its stack,
// and runs four kernels: full 8x32, 4 rows, 8 columns, and the 4x8 corner.
// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:.*]]: memref<20x24xf32>, %[[B:.*]]: memref<24x40xf32>, %[[C:.*]]: memref<20x40xf32>)
// CHECK: scf.forall (%{{.*}}) in (4) {
// CHECK-DAG: %[[BP:.*]] = memref.alloca() {alignment = 64 : i64} : memref<1x16x32xf32>
// CHECK-DAG: %[[AP:.*]] = memref.alloca() {alignment = 64 : i64} : memref<16x16xf32>
// CHECK: scf.for %[[KK:.*]] = %c0 to %c24 step %c16 {
// Packing B: full panels, then the 8-column edge panel.
// CHECK: vector.load %[[B]][%{{.*}}, %{{.*}}] : memref<24x40xf32>, vector<32xf32>
// CHECK: vector.store %{{.*}}, %[[BP]]
// CHECK: scf.if
// CHECK: vector.load %[[B]][%{{.*}}, %{{.*}}] : memref<24x40xf32>, vector<8xf32>
// Packing A: rows copied whole into [row][k].
// CHECK: memref.load %[[A]]
// CHECK: memref.store %{{.*}}, %[[AP]][%{{.*}}, %{{.*}}] : memref<16x16xf32>
// The full kernel: 8 accumulators of 32 lanes loaded from C, one
// broadcast FMA per row and K step, stored back.
// CHECK: %[[ACC0:.*]] = vector.load %[[C]][%{{.*}}, %{{.*}}] : memref<20x40xf32>, vector<32xf32>
// CHECK: %[[R:.*]]:8 = scf.for %[[K:.*]] = %c0 to %{{.*}} step %c1 iter_args(%[[X:.*]] = %[[ACC0]], {{.*}}) -> (vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>)
// CHECK: %[[BV:.*]] = vector.load %[[BP]][%{{.*}}, %[[K]], %c0] : memref<1x16x32xf32>, vector<32xf32>
// CHECK: %[[AV:.*]] = memref.load %[[AP]][%{{.*}}, %[[K]]]
// CHECK: %[[SPLAT:.*]] = vector.broadcast %[[AV]] : f32 to vector<32xf32>
// CHECK: vector.fma %[[SPLAT]], %[[BV]], %[[X]] : vector<32xf32>
// CHECK-COUNT-7: vector.fma
// CHECK: vector.store %[[R]]#0, %[[C]]
// The edge kernels have static sizes.
// CHECK: scf.for {{.*}} -> (vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>) {
// CHECK: scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// CHECK: scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// CHECK-NOT: linalg.matmul
func.func @matmul(%a: memref<20x24xf32>, %b: memref<24x40xf32>, %c: memref<20x40xf32>) {
  linalg.matmul ins(%a, %b : memref<20x24xf32>, memref<24x40xf32>) outs(%c : memref<20x40xf32>)
  return
}

// -----

// A zero fill right before the product (views in between) is absorbed:
// the first K block starts its accumulators from zeros instead of loading
// C, so C is only written. A fill of another value, or of another buffer,
// stays, and the product then accumulates.
// CHECK-LABEL: func.func @overwrite
// CHECK-SAME: (%[[A:.*]]: memref<16x32xf32>, %[[B:.*]]: memref<32x32xf32>, %[[BUF:.*]]: memref<2048xi8>)
// CHECK-NOT: linalg.fill
// CHECK-DAG: %[[Z:.*]] = arith.constant dense<0.000000e+00> : vector<32xf32>
// CHECK: scf.for %[[KK:.*]] = %c0 to %c32 step %c16 {
// CHECK: %[[FIRST:.*]] = arith.cmpi eq, %[[KK]], %c0 : index
// CHECK: %[[INIT:.*]]:8 = scf.if %[[FIRST]] -> (vector<32xf32>,
// CHECK-NEXT: scf.yield %[[Z]], %[[Z]],
// CHECK: } else {
// CHECK: vector.load %{{.*}}[%{{.*}}, %{{.*}}] : memref<16x32xf32>, vector<32xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[INIT]]#0,
// CHECK-LABEL: func.func @accumulate_after_other_fill
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : memref<16x32xf32>)
// CHECK-NOT: scf.if
// CHECK: return
func.func @overwrite(%a: memref<16x32xf32>, %b: memref<32x32xf32>, %buf: memref<2048xi8>) {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %c = memref.view %buf[%c0][] : memref<2048xi8> to memref<16x32xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<16x32xf32>)
  %c1 = arith.constant 1 : index
  linalg.matmul ins(%a, %b : memref<16x32xf32>, memref<32x32xf32>) outs(%c : memref<16x32xf32>)
  return
}
func.func @accumulate_after_other_fill(%a: memref<16x32xf32>, %b: memref<32x32xf32>, %c: memref<16x32xf32>) {
  %one = arith.constant 1.0 : f32
  linalg.fill ins(%one : f32) outs(%c : memref<16x32xf32>)
  linalg.matmul ins(%a, %b : memref<16x32xf32>, memref<32x32xf32>) outs(%c : memref<16x32xf32>)
  return
}

// -----

// A batch of 3 makes 3 tasks, each indexing its batch element.
// CHECK-LABEL: func.func @batch_matmul
// CHECK: scf.forall (%[[T:.*]]) in (3) {
// CHECK: vector.load %{{.*}}[%[[T]], %{{.*}}, %c0] : memref<3x16x32xf32>, vector<32xf32>
// CHECK: vector.fma
// CHECK-NOT: linalg.batch_matmul
func.func @batch_matmul(%a: memref<3x8x16xf32>, %b: memref<3x16x32xf32>, %c: memref<3x8x32xf32>) {
  linalg.batch_matmul ins(%a, %b : memref<3x8x16xf32>, memref<3x16x32xf32>) outs(%c : memref<3x8x32xf32>)
  return
}

// -----

// Not scheduled: f64, products on tensors, transposed indexing maps, and a
// B whose rows are not contiguous.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT: scf.forall
// CHECK-COUNT-3: linalg.matmul
// CHECK: return
func.func @left_alone(%a: memref<8x8xf64>, %b: memref<8x8xf64>, %c: memref<8x8xf64>,
                      %t: tensor<8x8xf32>, %x: memref<8x8xf32>, %y: memref<8x8xf32>,
                      %strided: memref<8x8xf32, strided<[16, 2]>>) -> tensor<8x8xf32> {
  linalg.matmul ins(%a, %b : memref<8x8xf64>, memref<8x8xf64>) outs(%c : memref<8x8xf64>)
  %0 = linalg.matmul ins(%t, %t : tensor<8x8xf32>, tensor<8x8xf32>) outs(%t : tensor<8x8xf32>) -> tensor<8x8xf32>
  linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%x, %x : memref<8x8xf32>, memref<8x8xf32>) outs(%y : memref<8x8xf32>)
  linalg.matmul ins(%x, %strided : memref<8x8xf32>, memref<8x8xf32, strided<[16, 2]>>) outs(%y : memref<8x8xf32>)
  return %0 : tensor<8x8xf32>
}

// -----

// A convolution after kiln-im2col: C[b, m, n] += A[m, k] B[b, k, n] with A
// shared by the batch; A is read without the batch index.
// CHECK-LABEL: func.func @shared_lhs
// CHECK-SAME: (%[[A:.*]]: memref<8x27xf32>, %[[B:.*]]: memref<2x27x49xf32>, %[[C:.*]]: memref<2x8x49xf32>)
// CHECK: scf.forall
// CHECK: memref.load %[[A]][%{{.*}}, %{{.*}}] : memref<8x27xf32>
// CHECK: vector.fma
// CHECK-NOT: linalg.generic
#lhs = affine_map<(b, m, n, k) -> (m, k)>
#rhs = affine_map<(b, m, n, k) -> (b, k, n)>
#out = affine_map<(b, m, n, k) -> (b, m, n)>
func.func @shared_lhs(%a: memref<8x27xf32>, %b: memref<2x27x49xf32>, %c: memref<2x8x49xf32>) {
  linalg.generic {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<8x27xf32>, memref<2x27x49xf32>) outs(%c : memref<2x8x49xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %0 = arith.mulf %x, %y : f32
    %1 = arith.addf %0, %acc : f32
    linalg.yield %1 : f32
  }
  return
}

// -----

// The first test's product inside a parallel task (a tiled attention's
// block product) keeps the requested 16 x 64 task blocks, 2 tasks, instead
// of shrinking them to 4 tasks towards 8: inside a task they run serially
// and each would pack its operands again.
// CHECK-LABEL: func.func @matmul_in_task
// CHECK: scf.forall (%{{.*}}) in (2) {
// CHECK: scf.forall (%{{.*}}) in (2) {
// CHECK-DAG: memref.alloca() {alignment = 64 : i64} : memref<2x16x32xf32>
// CHECK-DAG: memref.alloca() {alignment = 64 : i64} : memref<16x16xf32>
func.func @matmul_in_task(%a: memref<20x24xf32>, %b: memref<24x40xf32>, %c: memref<2x20x40xf32>) {
  scf.forall (%i) in (2) {
    %ci = memref.subview %c[%i, 0, 0] [1, 20, 40] [1, 1, 1] : memref<2x20x40xf32> to memref<20x40xf32, strided<[40, 1], offset: ?>>
    linalg.matmul ins(%a, %b : memref<20x24xf32>, memref<24x40xf32>) outs(%ci : memref<20x40xf32, strided<[40, 1], offset: ?>>)
  }
  return
}
