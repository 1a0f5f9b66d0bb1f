// RUN: kiln-opt %s --convert-kiln-to-linalg --split-input-file | FileCheck %s

// Reshapes use one collapse or expand when a reassociation exists, else go
// through 1-D; a 1x1 tensor collapses to 0-d with no groups.
// CHECK-LABEL: func.func @reshape
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>, %[[S:.*]]: tensor<1x1xf32>, %[[Y:.*]]: tensor<6x4xf32>)
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
// CHECK: %[[E:.*]] = tensor.expand_shape %[[Y]] {{\[}}[0], [1, 2]] output_shape [6, 2, 2] : tensor<6x4xf32> into tensor<6x2x2xf32>
// CHECK: %[[F:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK: %[[G:.*]] = tensor.expand_shape %[[F]] {{\[}}[0, 1]] output_shape [4, 6] : tensor<24xf32> into tensor<4x6xf32>
// CHECK: %[[Z:.*]] = tensor.collapse_shape %[[S]] [] : tensor<1x1xf32> into tensor<f32>
// CHECK: return %[[C]], %[[E]], %[[G]], %[[Z]]
func.func @reshape(%x: tensor<2x3x4xf32>, %s: tensor<1x1xf32>, %y: tensor<6x4xf32>) -> (tensor<6x4xf32>, tensor<6x2x2xf32>, tensor<4x6xf32>, tensor<f32>) {
  %0 = kiln.reshape %x : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  %1 = kiln.reshape %y : (tensor<6x4xf32>) -> tensor<6x2x2xf32>
  %2 = kiln.reshape %x : (tensor<2x3x4xf32>) -> tensor<4x6xf32>
  %3 = kiln.reshape %s : (tensor<1x1xf32>) -> tensor<f32>
  return %0, %1, %2, %3 : tensor<6x4xf32>, tensor<6x2x2xf32>, tensor<4x6xf32>, tensor<f32>
}

// -----

// CHECK-LABEL: func.func @transpose_slice
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4x2x3xf32>
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[X]] : tensor<2x3x4xf32>) outs(%[[E]] : tensor<4x2x3xf32>) permutation = [2, 0, 1]
// CHECK: %[[S:.*]] = tensor.extract_slice %[[X]][0, 1, 0] [2, 2, 2] [1, 1, 3] : tensor<2x3x4xf32> to tensor<2x2x2xf32>
// CHECK: return %[[T]], %[[S]]
func.func @transpose_slice(%x: tensor<2x3x4xf32>) -> (tensor<4x2x3xf32>, tensor<2x2x2xf32>) {
  %0 = kiln.transpose %x permutation = [2, 0, 1] : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %1 = kiln.slice %x [0:2:1, 1:3:1, 0:4:3] : (tensor<2x3x4xf32>) -> tensor<2x2x2xf32>
  return %0, %1 : tensor<4x2x3xf32>, tensor<2x2x2xf32>
}

// -----

// concat inserts at running offsets; split extracts at them.
// CHECK-LABEL: func.func @concat_split
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x5xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x8xf32>
// CHECK: %[[I:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, 0] [2, 3] [1, 1]
// CHECK: %[[C:.*]] = tensor.insert_slice %[[B]] into %[[I]][0, 3] [2, 5] [1, 1]
// CHECK: %[[P0:.*]] = tensor.extract_slice %[[B]][0, 0] [2, 1] [1, 1]
// CHECK: %[[P1:.*]] = tensor.extract_slice %[[B]][0, 1] [2, 4] [1, 1]
// CHECK: return %[[C]], %[[P0]], %[[P1]]
func.func @concat_split(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>) -> (tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x4xf32>) {
  %0 = kiln.concat %a, %b dim = 1 : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  %1:2 = kiln.split %b dim = 1 sizes = [1, 4] : (tensor<2x5xf32>) -> (tensor<2x1xf32>, tensor<2x4xf32>)
  return %0, %1#0, %1#1 : tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @pad
// CHECK: %[[V:.*]] = arith.constant -1.500000e+00 : f32
// CHECK: tensor.pad %{{.*}} low[1, 2] high[1, 0]
// CHECK: tensor.yield %[[V]] : f32
// CHECK: } : tensor<2x3xf32> to tensor<4x5xf32>
func.func @pad(%a: tensor<2x3xf32>) -> tensor<4x5xf32> {
  %0 = kiln.pad %a low = [1, 2] high = [1, 0] value = -1.5 : f32 : (tensor<2x3xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

// gather reads the indices through a map onto the result's index
// dimensions, wraps a negative index once, and extracts from the data.
// CHECK-DAG: #[[$IDX:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[T:.*]]: tensor<3x10xf32>, %[[I:.*]]: tensor<2x4xi64>)
// CHECK: linalg.generic {indexing_maps = [#[[$IDX]], {{.*}}]{{.*}} ins(%[[I]] : tensor<2x4xi64>)
// CHECK: ^bb0(%[[IN:.*]]: i64, %{{.*}}: f32):
// CHECK: %[[K:.*]] = arith.index_cast %[[IN]] : i64 to index
// CHECK: %[[N:.*]] = arith.constant 10 : index
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[K]], %{{.*}} : index
// CHECK: %[[W:.*]] = arith.addi %[[K]], %[[N]] : index
// CHECK: %[[J:.*]] = arith.select %[[NEG]], %[[W]], %[[K]] : index
// CHECK: %[[D0:.*]] = linalg.index 0 : index
// CHECK: %[[V:.*]] = tensor.extract %[[T]][%[[D0]], %[[J]]] : tensor<3x10xf32>
// CHECK: linalg.yield %[[V]]
func.func @gather(%t: tensor<3x10xf32>, %i: tensor<2x4xi64>) -> tensor<3x2x4xf32> {
  %0 = kiln.gather %t[%i] axis = 1 : (tensor<3x10xf32>, tensor<2x4xi64>) -> tensor<3x2x4xf32>
  return %0 : tensor<3x2x4xf32>
}

// -----

// gather_elements: one generic over the indices, the axis coordinate
// replaced by the index (negative ones wrapped, then clamped).
// CHECK-LABEL: func.func @gather_elements
// CHECK: linalg.generic
// CHECK-SAME: ins(%{{.*}} : tensor<4x2xi64>)
// CHECK: arith.index_cast
// CHECK: arith.minsi
// CHECK: arith.maxsi
// CHECK: %[[ROW:.*]] = linalg.index 0 : index
// CHECK: tensor.extract %{{.*}}[%[[ROW]], %{{.*}}] : tensor<4x8xf32>
func.func @gather_elements(%x: tensor<4x8xf32>, %i: tensor<4x2xi64>) -> tensor<4x2xf32> {
  %0 = kiln.gather_elements %x[%i] axis = 1 : (tensor<4x8xf32>, tensor<4x2xi64>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

// scatter_elements: an scf.for per updates dimension carrying the result;
// each iteration wraps a negative index, drops one out of range, and
// inserts the update combined with the element it hits.
// CHECK-LABEL: func.func @scatter_elements
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>, %[[I:.*]]: tensor<4x2xi64>, %[[U:.*]]: tensor<4x2xf32>)
// CHECK: scf.for %[[R:.*]] = {{.*}} iter_args(%[[A0:.*]] = %[[X]]) -> (tensor<4x8xf32>)
// CHECK: scf.for %[[C:.*]] = {{.*}} iter_args(%[[A:.*]] = %[[A0]]) -> (tensor<4x8xf32>)
// CHECK: %[[IDX:.*]] = tensor.extract %[[I]][%[[R]], %[[C]]]
// CHECK: %[[UPD:.*]] = tensor.extract %[[U]][%[[R]], %[[C]]]
// CHECK: arith.cmpi slt
// CHECK: %[[POS:.*]] = arith.select
// CHECK: %[[IN:.*]] = arith.cmpi ult, %[[POS]]
// CHECK: scf.if %[[IN]] -> (tensor<4x8xf32>)
// CHECK: %[[OLD:.*]] = tensor.extract %[[A]][%[[R]], %[[POS]]]
// CHECK: %[[SUM:.*]] = arith.addf %[[OLD]], %[[UPD]]
// CHECK: tensor.insert %[[SUM]] into %[[A]][%[[R]], %[[POS]]]
// CHECK: } else {
// CHECK: scf.yield %[[A]]
func.func @scatter_elements(%x: tensor<4x8xf32>, %i: tensor<4x2xi64>, %u: tensor<4x2xf32>) -> tensor<4x8xf32> {
  %0 = kiln.scatter_elements %x[%i] = %u axis = 1 reduction = add : (tensor<4x8xf32>, tensor<4x2xi64>, tensor<4x2xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// An empty slice that starts at the end of a dimension reads nothing: it
// is an empty tensor, not a tensor.extract_slice out of bounds.
// CHECK-LABEL: func.func @empty_slice_at_end
// CHECK-NOT: tensor.extract_slice
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x0x4xf32>
// CHECK: return %[[E]]
func.func @empty_slice_at_end(%x: tensor<1x1x4xf32>) -> tensor<1x0x4xf32> {
  %0 = kiln.slice %x [0:1:1, 1:1:1, 0:4:1] : (tensor<1x1x4xf32>) -> tensor<1x0x4xf32>
  return %0 : tensor<1x0x4xf32>
}
