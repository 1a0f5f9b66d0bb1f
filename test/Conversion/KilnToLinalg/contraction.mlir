// RUN: kiln-opt %s --convert-kiln-to-linalg --split-input-file | FileCheck %s

// [M, K] x [K, N] and batched [B, M, K] x [B, K, N] become the named ops,
// accumulating into a zero fill.
// CHECK-LABEL: func.func @matmuls
// CHECK-SAME: (%[[A:.*]]: tensor<8x16xf32>, %[[B:.*]]: tensor<16x4xf32>, %[[C:.*]]: tensor<2x8x16xf32>, %[[D:.*]]: tensor<2x16x4xf32>)
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[E:.*]] = tensor.empty() : tensor<8x4xf32>
// CHECK: %[[F:.*]] = linalg.fill ins(%[[Z]] : f32) outs(%[[E]] : tensor<8x4xf32>)
// CHECK: linalg.matmul ins(%[[A]], %[[B]] : tensor<8x16xf32>, tensor<16x4xf32>) outs(%[[F]] : tensor<8x4xf32>)
// CHECK: linalg.batch_matmul ins(%[[C]], %[[D]] : tensor<2x8x16xf32>, tensor<2x16x4xf32>)
func.func @matmuls(%a: tensor<8x16xf32>, %b: tensor<16x4xf32>, %c: tensor<2x8x16xf32>, %d: tensor<2x16x4xf32>) -> (tensor<8x4xf32>, tensor<2x8x4xf32>) {
  %0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [0]> : (tensor<8x16xf32>, tensor<16x4xf32>) -> tensor<8x4xf32>
  %1 = kiln.dot %c, %d, <batch = [0] x [0], contract = [2] x [1]> : (tensor<2x8x16xf32>, tensor<2x16x4xf32>) -> tensor<2x8x4xf32>
  return %0, %1 : tensor<8x4xf32>, tensor<2x8x4xf32>
}

// -----

// A float product in any other order is transposed into [B, M, K] and
// [B, K, N] and runs as one batch_matmul (the packed kernel), as gradients
// need (g . W^T, X^T . g).
// CHECK-LABEL: func.func @dot_general
// CHECK-SAME: (%[[A:.*]]: tensor<2x3x4xf32>, %[[B:.*]]: tensor<3x5x2xf32>)
// CHECK: %[[AT:.*]] = linalg.transpose ins(%[[A]] : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<2x4x3xf32>) permutation = [0, 2, 1]
// CHECK: %[[BT:.*]] = linalg.transpose ins(%[[B]] : tensor<3x5x2xf32>) outs(%{{.*}} : tensor<2x3x5xf32>) permutation = [2, 0, 1]
// CHECK: %[[Z:.*]] = linalg.fill
// CHECK: linalg.batch_matmul ins(%[[AT]], %[[BT]] : tensor<2x4x3xf32>, tensor<2x3x5xf32>) outs(%[[Z]] : tensor<2x4x5xf32>)
func.func @dot_general(%a: tensor<2x3x4xf32>, %b: tensor<3x5x2xf32>) -> tensor<2x4x5xf32> {
  %0 = kiln.dot %a, %b, <batch = [0] x [2], contract = [1] x [0]> : (tensor<2x3x4xf32>, tensor<3x5x2xf32>) -> tensor<2x4x5xf32>
  return %0 : tensor<2x4x5xf32>
}

// -----

// Without batch dimensions: a weight gradient X^T . g contracting two dims,
// [2, 8, 16] x [2, 8, 4] -> [16, 4]. The contracted dims are a run, so X
// is collapsed to [16, 16] first and only that matrix is transposed.
// CHECK-LABEL: func.func @dot_weight_gradient
// CHECK: %[[X2:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2]] : tensor<2x8x16xf32> into tensor<16x16xf32>
// CHECK: %[[XT:.*]] = linalg.transpose ins(%[[X2]] : tensor<16x16xf32>) outs(%{{.*}} : tensor<16x16xf32>) permutation = [1, 0]
// CHECK: %[[G2:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2]] : tensor<2x8x4xf32> into tensor<16x4xf32>
// CHECK: linalg.matmul ins(%[[XT]], %[[G2]] : tensor<16x16xf32>, tensor<16x4xf32>)
func.func @dot_weight_gradient(%x: tensor<2x8x16xf32>, %g: tensor<2x8x4xf32>) -> tensor<16x4xf32> {
  %0 = kiln.dot %x, %g, <batch = [] x [], contract = [0, 1] x [0, 1]> : (tensor<2x8x16xf32>, tensor<2x8x4xf32>) -> tensor<16x4xf32>
  return %0 : tensor<16x4xf32>
}

// -----

// Integer products in other orders are a contraction generic over the
// loops (batch, lhs free, rhs free, contracting).
// CHECK-DAG: #[[$L:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d1)>
// CHECK-DAG: #[[$R:.*]] = affine_map<(d0, d1, d2, d3) -> (d3, d2, d0)>
// CHECK-DAG: #[[$O:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @dot_general_int
// CHECK: linalg.generic {indexing_maps = [#[[$L]], #[[$R]], #[[$O]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK: ^bb0(%[[X:.*]]: i32, %[[Y:.*]]: i32, %[[ACC:.*]]: i32):
// CHECK-NEXT: %[[P:.*]] = arith.muli %[[X]], %[[Y]] : i32
// CHECK-NEXT: %[[S:.*]] = arith.addi %[[ACC]], %[[P]] : i32
// CHECK-NEXT: linalg.yield %[[S]]
func.func @dot_general_int(%a: tensor<2x3x4xi32>, %b: tensor<3x5x2xi32>) -> tensor<2x4x5xi32> {
  %0 = kiln.dot %a, %b, <batch = [0] x [2], contract = [1] x [0]> : (tensor<2x3x4xi32>, tensor<3x5x2xi32>) -> tensor<2x4x5xi32>
  return %0 : tensor<2x4x5xi32>
}

// -----

// Padding is a zero tensor.pad; strides and dilations carry over.
// CHECK-LABEL: func.func @conv
// CHECK: %[[P:.*]] = tensor.pad %{{.*}} low[0, 0, 2, 1] high[0, 0, 1, 0]
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<[2, 1]> : vector<2xi64>, strides = dense<[1, 2]> : vector<2xi64>} ins(%[[P]], %{{.*}} : tensor<1x2x10x9xf32>, tensor<4x2x3x2xf32>)
func.func @conv(%x: tensor<1x2x7x8xf32>, %w: tensor<4x2x3x2xf32>) -> tensor<1x4x6x4xf32> {
  %0 = kiln.conv2d %x, %w strides = [1, 2] padding = [2, 1, 1, 0] dilations = [2, 1] groups = 1 : (tensor<1x2x7x8xf32>, tensor<4x2x3x2xf32>) -> tensor<1x4x6x4xf32>
  return %0 : tensor<1x4x6x4xf32>
}

// -----

// Grouped: C and F split into [groups, per group], the grouped named op,
// and the output's groups merged back into F.
// CHECK-LABEL: func.func @conv_grouped
// CHECK: %[[X:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2], [3], [4]] output_shape [1, 2, 2, 6, 6]
// CHECK: %[[W:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3]
// CHECK: %[[Y:.*]] = linalg.conv_2d_ngchw_gfchw {{.*}} ins(%[[X]], %[[W]] : tensor<1x2x2x6x6xf32>, tensor<2x3x2x3x3xf32>) outs(%{{.*}} : tensor<1x2x3x4x4xf32>)
// CHECK: tensor.collapse_shape %[[Y]] {{\[}}[0], [1, 2], [3], [4]] : tensor<1x2x3x4x4xf32> into tensor<1x6x4x4xf32>
func.func @conv_grouped(%x: tensor<1x4x6x6xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x4x4xf32> {
  %0 = kiln.conv2d %x, %w strides = [1, 1] padding = [0, 0, 0, 0] dilations = [1, 1] groups = 2 : (tensor<1x4x6x6xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x4x4xf32>
  return %0 : tensor<1x6x4x4xf32>
}

// -----

// Max pooling pads with -inf and starts from -inf.
// CHECK-LABEL: func.func @max_pool
// CHECK: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK-NEXT: ^bb0
// CHECK-NEXT: tensor.yield %[[NINF]]
// CHECK: %[[WIN:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK: linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%{{.*}}, %[[WIN]] : tensor<1x2x7x7xf32>, tensor<3x3xf32>)
func.func @max_pool(%y: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %0 = kiln.max_pool2d %y window = [3, 3] strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// Average pooling divides the window sums by the in-bounds counts, which
// the division computes from the output position (no outH x outW
// constant): on a 5x5 input with 3x3 windows, stride 2 and padding 1 the
// window of row o covers min(2o - 1 + 3, 5) - max(2o - 1, 0) rows.
// CHECK-LABEL: func.func @avg_pool
// CHECK: %[[SUM:.*]] = linalg.pooling_nchw_sum
// CHECK-NOT: arith.constant dense
// CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<1x2x3x3xf32>)
// CHECK: ^bb0(%[[IN:.*]]: f32,
// CHECK: %[[OH:.*]] = linalg.index 2
// CHECK: %[[S:.*]] = arith.muli %[[OH]], %c2
// CHECK: %[[START:.*]] = arith.subi %[[S]], %c1
// CHECK: %[[E:.*]] = arith.addi %[[START]], %c3
// CHECK: %[[END:.*]] = arith.minsi %[[E]], %c5
// CHECK: %[[BEGIN:.*]] = arith.maxsi %[[START]], %c0
// CHECK: %[[ROWS:.*]] = arith.subi %[[END]], %[[BEGIN]]
// CHECK: linalg.index 3
// CHECK: %[[COLS:.*]] = arith.subi %{{[0-9]+}}, %{{[0-9]+}} : index
// CHECK-NEXT: %[[N:.*]] = arith.muli %[[ROWS]], %[[COLS]]
// CHECK: %[[NI:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK: %[[NF:.*]] = arith.sitofp %[[NI]] : i64 to f32
// CHECK: arith.divf %[[IN]], %[[NF]]
func.func @avg_pool(%y: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %0 = kiln.avg_pool2d %y window = [3, 3] strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// A linear layer on [B, S, K] collapses B and S into the matmul's M.
// CHECK-LABEL: func.func @linear_layer
// CHECK-SAME: (%[[X:.*]]: tensor<2x8x16xf32>, %[[W:.*]]: tensor<16x4xf32>)
// CHECK: %[[X2:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1], [2]] : tensor<2x8x16xf32> into tensor<16x16xf32>
// CHECK: %[[Y:.*]] = linalg.matmul ins(%[[X2]], %[[W]] : tensor<16x16xf32>, tensor<16x4xf32>)
// CHECK: tensor.expand_shape %[[Y]] {{\[}}[0, 1], [2]] output_shape [2, 8, 4] : tensor<16x4xf32> into tensor<2x8x4xf32>
func.func @linear_layer(%x: tensor<2x8x16xf32>, %w: tensor<16x4xf32>) -> tensor<2x8x4xf32> {
  %0 = kiln.dot %x, %w, <batch = [] x [], contract = [2] x [0]> : (tensor<2x8x16xf32>, tensor<16x4xf32>) -> tensor<2x8x4xf32>
  return %0 : tensor<2x8x4xf32>
}

// -----

// q k^T with batch dimensions [B, H]: the batch dimensions collapse, k is
// transposed to [K, N], and one batch_matmul does the product.
// CHECK-LABEL: func.func @scores
// CHECK-SAME: (%[[Q:.*]]: tensor<2x4x6x8xf32>, %[[K:.*]]: tensor<2x4x5x8xf32>)
// CHECK: %[[Q3:.*]] = tensor.collapse_shape %[[Q]] {{\[}}[0, 1], [2], [3]] : tensor<2x4x6x8xf32> into tensor<8x6x8xf32>
// CHECK: %[[K3:.*]] = tensor.collapse_shape %[[K]] {{\[}}[0, 1], [2], [3]] : tensor<2x4x5x8xf32> into tensor<8x5x8xf32>
// CHECK: %[[KT:.*]] = linalg.transpose ins(%[[K3]] : tensor<8x5x8xf32>) outs(%{{.*}} : tensor<8x8x5xf32>) permutation = [0, 2, 1]
// CHECK: %[[S:.*]] = linalg.batch_matmul ins(%[[Q3]], %[[KT]] : tensor<8x6x8xf32>, tensor<8x8x5xf32>)
// CHECK: tensor.expand_shape %[[S]] {{\[}}[0, 1], [2], [3]] output_shape [2, 4, 6, 5]
func.func @scores(%q: tensor<2x4x6x8xf32>, %k: tensor<2x4x5x8xf32>) -> tensor<2x4x6x5xf32> {
  %0 = kiln.dot %q, %k, <batch = [0, 1] x [0, 1], contract = [3] x [3]> : (tensor<2x4x6x8xf32>, tensor<2x4x5x8xf32>) -> tensor<2x4x6x5xf32>
  return %0 : tensor<2x4x6x5xf32>
}
