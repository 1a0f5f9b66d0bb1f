// RUN: kiln-opt %s --kiln-tile-contractions --canonicalize --split-input-file | FileCheck %s
// RUN: kiln-opt %s --kiln-tile-contractions=register-tile=4,16,2 --canonicalize --split-input-file | FileCheck %s --check-prefix=SMALL

// A 16x64x32 matmul becomes M and N loops over 8x32 blocks; the block of
// the result is sliced out once, outside the K loop, and each K step is
// one vector.contract of an 8x1 column of A and a 1x32 row of B.
// (kiln-lower-vectors later hoists the block's vector read and write out of
// the K loop on buffers.)
// CHECK-LABEL: func.func @matmul
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %c8
// CHECK: scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %c32
// CHECK: %[[BLOCK:.*]] = tensor.extract_slice %{{.*}}[%[[I]], %[[J]]] [8, 32] [1, 1]
// CHECK: scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step %c1 iter_args(%[[ACC:.*]] = %[[BLOCK]]) -> (tensor<8x32xf32>)
// CHECK: %[[A:.*]] = vector.transfer_read {{.*}} vector<8x1xf32>
// CHECK: %[[B:.*]] = vector.transfer_read {{.*}} vector<1x32xf32>
// CHECK: %[[C:.*]] = vector.transfer_read %[[ACC]]{{.*}} vector<8x32xf32>
// CHECK: %[[R:.*]] = vector.contract {{.*}} %[[A]], %[[B]], %[[C]] : vector<8x1xf32>, vector<1x32xf32> into vector<8x32xf32>
// CHECK: vector.transfer_write %[[R]], %[[ACC]]
// CHECK: tensor.insert_slice
// SMALL-LABEL: func.func @matmul
// SMALL: vector.contract {{.*}} : vector<4x2xf32>, vector<2x16xf32> into vector<4x16xf32>
func.func @matmul(%a: tensor<16x32xf32>, %b: tensor<32x64xf32>, %c: tensor<16x64xf32>) -> tensor<16x64xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<16x32xf32>, tensor<32x64xf32>) outs(%c : tensor<16x64xf32>) -> tensor<16x64xf32>
  return %0 : tensor<16x64xf32>
}

// -----

// Sizes the block does not divide are left alone.
// CHECK-LABEL: func.func @ragged
// CHECK-NOT: scf.for
// CHECK: linalg.matmul
func.func @ragged(%a: tensor<10x32xf32>, %b: tensor<32x64xf32>, %c: tensor<10x64xf32>) -> tensor<10x64xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<10x32xf32>, tensor<32x64xf32>) outs(%c : tensor<10x64xf32>) -> tensor<10x64xf32>
  return %0 : tensor<10x64xf32>
}
