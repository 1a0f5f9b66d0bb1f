// RUN: kiln-opt %s --convert-kiln-to-linalg --split-input-file | FileCheck %s

// A reduction fills its accumulator with the identity, reduces with
// linalg.reduce, and expands back to size-1 dims with keep_dims.
// CHECK-LABEL: func.func @reductions
// CHECK-SAME: (%[[X:.*]]: tensor<4x5x6xf32>, %[[I:.*]]: tensor<4x5xi32>)
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[F:.*]] = linalg.fill ins(%[[Z]] : f32) outs(%{{.*}} : tensor<4x6xf32>)
// CHECK: %[[S:.*]] = linalg.reduce ins(%[[X]] : tensor<4x5x6xf32>) outs(%[[F]] : tensor<4x6xf32>) dimensions = [1]
// CHECK: arith.addf
// CHECK: %[[K:.*]] = tensor.expand_shape %[[S]] {{\[}}[0], [1, 2]] output_shape [4, 1, 6]
// CHECK: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: linalg.fill ins(%[[NINF]] : f32)
// CHECK: linalg.reduce ins(%[[X]] : tensor<4x5x6xf32>) outs(%{{.*}} : tensor<4xf32>) dimensions = [1, 2]
// CHECK: arith.maximumf
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: linalg.fill ins(%[[ONE]] : f32)
// CHECK: arith.mulf
// CHECK: %[[IMAX:.*]] = arith.constant 2147483647 : i32
// CHECK: linalg.fill ins(%[[IMAX]] : i32)
// CHECK: linalg.reduce ins(%[[I]] : tensor<4x5xi32>) outs(%{{.*}} : tensor<i32>) dimensions = [0, 1]
// CHECK: arith.minsi
func.func @reductions(%x: tensor<4x5x6xf32>, %i: tensor<4x5xi32>) -> (tensor<4x1x6xf32>, tensor<4xf32>, tensor<4x6xf32>, tensor<i32>) {
  %0 = kiln.reduce_sum %x dims = [1] keep_dims : (tensor<4x5x6xf32>) -> tensor<4x1x6xf32>
  %1 = kiln.reduce_max %x dims = [1, 2] : (tensor<4x5x6xf32>) -> tensor<4xf32>
  %2 = kiln.reduce_prod %x dims = [1] : (tensor<4x5x6xf32>) -> tensor<4x6xf32>
  %3 = kiln.reduce_min %i dims = [0, 1] : (tensor<4x5xi32>) -> tensor<i32>
  return %0, %1, %2, %3 : tensor<4x1x6xf32>, tensor<4xf32>, tensor<4x6xf32>, tensor<i32>
}

// -----

// reduce_mean decomposes into a sum and a division by the count.
// CHECK-LABEL: func.func @mean
// CHECK: %[[N:.*]] = arith.constant dense<3.000000e+01> : tensor<f32>
// CHECK: %[[S:.*]] = linalg.reduce
// CHECK: linalg.generic {{.*}} ins(%[[S]], %[[N]] : tensor<4xf32>, tensor<f32>)
// CHECK: arith.divf
func.func @mean(%x: tensor<4x5x6xf32>) -> tensor<4xf32> {
  %0 = kiln.reduce_mean %x dims = [1, 2] : (tensor<4x5x6xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// argmax carries (value, index): strictly greater or a first NaN wins.
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @argmax
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]], #[[$OUT]]], iterator_types = ["parallel", "reduction"]}
// CHECK: ^bb0(%[[X:.*]]: f32, %[[BEST:.*]]: f32, %[[BI:.*]]: i64):
// CHECK: %[[GT:.*]] = arith.cmpf ogt, %[[X]], %[[BEST]]
// CHECK: %[[XNAN:.*]] = arith.cmpf uno, %[[X]], %[[X]]
// CHECK: %[[BNUM:.*]] = arith.cmpf ord, %[[BEST]], %[[BEST]]
// CHECK: %[[NANWIN:.*]] = arith.andi %[[XNAN]], %[[BNUM]]
// CHECK: %[[TAKE:.*]] = arith.ori %[[GT]], %[[NANWIN]]
// CHECK: %[[IDX:.*]] = linalg.index 1
// CHECK: %[[I:.*]] = arith.index_cast %[[IDX]] : index to i64
// CHECK: %[[V:.*]] = arith.select %[[TAKE]], %[[X]], %[[BEST]]
// CHECK: %[[J:.*]] = arith.select %[[TAKE]], %[[I]], %[[BI]]
// CHECK: linalg.yield %[[V]], %[[J]]
func.func @argmax(%x: tensor<4x7xf32>) -> tensor<4xi64> {
  %0 = kiln.argmax %x dim = 1 : (tensor<4x7xf32>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// argmin starts from +inf; select_last takes ties (<=).
// CHECK-LABEL: func.func @argmin_last
// CHECK: arith.constant 0x7F800000 : f32
// CHECK: arith.cmpf ole
func.func @argmin_last(%x: tensor<4x8xf32>) -> tensor<4xi64> {
  %0 = kiln.argmin %x dim = 1 select_last : (tensor<4x8xf32>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}
