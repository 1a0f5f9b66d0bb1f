// RUN: kiln-opt %s --kiln-im2col --split-input-file | FileCheck %s

// A 3x3 convolution of 2x3x9x9 with 8 filters, stride (1, 2), dilation
// (2, 1): the windows are copied through the convolution's own access map
// into col[n, g, c, kh, kw, oh, ow] (one group), collapsed to [2, 27, 20];
// the [8, 27] filter is repeated per image and the product is a batch of 2,
// accumulated into the convolution's init and reshaped back to 2x8x5x4.
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d5 + d3 * 2, d6 * 2 + d4)>
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3, d4, d5, d6)>
// CHECK-LABEL: func.func @conv
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x9x9xf32>, %[[W:.*]]: tensor<8x3x3x3xf32>, %[[O:.*]]: tensor<2x8x5x4xf32>)
// CHECK: %[[X5:.*]] = tensor.expand_shape %[[X]] {{.*}} into tensor<2x1x3x9x9xf32>
// CHECK: %[[W5:.*]] = tensor.expand_shape %[[W]] {{.*}} into tensor<1x8x3x3x3xf32>
// CHECK: %[[O5:.*]] = tensor.expand_shape %[[O]] {{.*}} into tensor<2x1x8x5x4xf32>
// CHECK: %[[COL:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%[[X5]] : tensor<2x1x3x9x9xf32>) outs(%{{.*}} : tensor<2x1x3x3x3x5x4xf32>)
// CHECK-NEXT: ^bb0(%[[V:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[V]] : f32
// CHECK: %[[RHS:.*]] = tensor.collapse_shape %[[COL]] {{.*}} into tensor<2x27x20xf32>
// CHECK: %[[F:.*]] = tensor.collapse_shape %[[W5]] {{.*}} into tensor<1x8x27xf32>
// CHECK: %[[REP:.*]] = linalg.broadcast ins(%[[F]] : tensor<1x8x27xf32>) outs(%{{.*}} : tensor<2x1x8x27xf32>) dimensions = [0]
// CHECK: %[[LHS:.*]] = tensor.collapse_shape %[[REP]] {{.*}} into tensor<2x8x27xf32>
// CHECK: %[[ACC:.*]] = tensor.collapse_shape %[[O5]] {{.*}} into tensor<2x8x20xf32>
// CHECK: %[[P:.*]] = linalg.batch_matmul ins(%[[LHS]], %[[RHS]] : tensor<2x8x27xf32>, tensor<2x27x20xf32>) outs(%[[ACC]] : tensor<2x8x20xf32>)
// CHECK: %[[E:.*]] = tensor.expand_shape %[[P]] {{.*}} into tensor<2x1x8x5x4xf32>
// CHECK: %[[R:.*]] = tensor.collapse_shape %[[E]] {{.*}} into tensor<2x8x5x4xf32>
// CHECK: return %[[R]]
func.func @conv(%x: tensor<2x3x9x9xf32>, %w: tensor<8x3x3x3xf32>, %o: tensor<2x8x5x4xf32>) -> tensor<2x8x5x4xf32> {
  %0 = linalg.conv_2d_nchw_fchw {strides = dense<[1, 2]> : vector<2xi64>, dilations = dense<[2, 1]> : vector<2xi64>} ins(%x, %w : tensor<2x3x9x9xf32>, tensor<8x3x3x3xf32>) outs(%o : tensor<2x8x5x4xf32>) -> tensor<2x8x5x4xf32>
  return %0 : tensor<2x8x5x4xf32>
}

// -----

// Two groups of 4 filters over 2 channels each, one image: a batch of 2
// products, one per group, with the filter used as it is.
// CHECK-LABEL: func.func @grouped
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<1x2x2x6x6xf32>) outs(%{{.*}} : tensor<1x2x2x3x3x4x4xf32>)
// CHECK-NOT: linalg.broadcast
// CHECK: linalg.batch_matmul ins(%{{.*}}, %{{.*}} : tensor<2x4x18xf32>, tensor<2x18x16xf32>) outs(%{{.*}} : tensor<2x4x16xf32>)
// CHECK: tensor.expand_shape %{{.*}} into tensor<1x2x4x4x4xf32>
// CHECK-NOT: linalg.conv_2d_ngchw_gfchw
func.func @grouped(%x: tensor<1x2x2x6x6xf32>, %w: tensor<2x4x2x3x3xf32>, %o: tensor<1x2x4x4x4xf32>) -> tensor<1x2x4x4x4xf32> {
  %0 = linalg.conv_2d_ngchw_gfchw {strides = dense<1> : vector<2xi64>, dilations = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x2x2x6x6xf32>, tensor<2x4x2x3x3xf32>) outs(%o : tensor<1x2x4x4x4xf32>) -> tensor<1x2x4x4x4xf32>
  return %0 : tensor<1x2x4x4x4xf32>
}

// -----

// Depthwise (one filter per group) keeps its direct loops: a product with
// one row per group would leave the register blocks mostly empty. Other
// element types stay convolutions too.
// CHECK-LABEL: func.func @depthwise
// CHECK: linalg.conv_2d_ngchw_gfchw
// CHECK-LABEL: func.func @conv_f64
// CHECK: linalg.conv_2d_nchw_fchw
func.func @depthwise(%x: tensor<1x4x1x6x6xf32>, %w: tensor<4x1x1x3x3xf32>, %o: tensor<1x4x1x4x4xf32>) -> tensor<1x4x1x4x4xf32> {
  %0 = linalg.conv_2d_ngchw_gfchw {strides = dense<1> : vector<2xi64>, dilations = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x4x1x6x6xf32>, tensor<4x1x1x3x3xf32>) outs(%o : tensor<1x4x1x4x4xf32>) -> tensor<1x4x1x4x4xf32>
  return %0 : tensor<1x4x1x4x4xf32>
}
func.func @conv_f64(%x: tensor<1x4x4x4xf64>, %w: tensor<4x4x3x3xf64>, %o: tensor<1x4x2x2xf64>) -> tensor<1x4x2x2xf64> {
  %0 = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x4x4x4xf64>, tensor<4x4x3x3xf64>) outs(%o : tensor<1x4x2x2xf64>) -> tensor<1x4x2x2xf64>
  return %0 : tensor<1x4x2x2xf64>
}

// -----

// A 1x1 convolution with unit strides needs no copy: the input, collapsed
// to [images, channels, pixels], is the product's right operand.
// CHECK-LABEL: func.func @pointwise
// CHECK-SAME: (%[[X:.*]]: tensor<1x16x5x7xf32>,
// CHECK: %[[X5:.*]] = tensor.expand_shape %[[X]]
// CHECK-NOT: linalg.generic
// CHECK: %[[RHS:.*]] = tensor.collapse_shape %[[X5]] {{.*}} : tensor<1x1x16x5x7xf32> into tensor<1x16x35xf32>
// CHECK: linalg.batch_matmul ins(%{{.*}}, %[[RHS]] : tensor<1x8x16xf32>, tensor<1x16x35xf32>)
func.func @pointwise(%x: tensor<1x16x5x7xf32>, %w: tensor<8x16x1x1xf32>, %o: tensor<1x8x5x7xf32>) -> tensor<1x8x5x7xf32> {
  %0 = linalg.conv_2d_nchw_fchw {strides = dense<1> : vector<2xi64>, dilations = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x16x5x7xf32>, tensor<8x16x1x1xf32>) outs(%o : tensor<1x8x5x7xf32>) -> tensor<1x8x5x7xf32>
  return %0 : tensor<1x8x5x7xf32>
}

// -----

// Fewer output pixels (2x2) than filters (8), a constant filter and a zero
// init: pixels become the product's rows. The columns are copied as
// col^T[n, g, oh, ow, c, kh, kw], the filter is transposed at compile time
// into a [1, 9, 8] constant, and the [1, 4, 8] product is transposed back
// into the init.
// CHECK-DAG: #[[$INT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d4, d2 + d5, d3 + d6)>
// CHECK-LABEL: func.func @pixel_major
// CHECK: %[[COL:.*]] = linalg.generic {indexing_maps = [#[[$INT]], {{.*}}} ins(%{{.*}} : tensor<1x1x1x4x4xf32>) outs(%{{.*}} : tensor<1x1x2x2x1x3x3xf32>)
// CHECK: %[[LHS:.*]] = tensor.collapse_shape %[[COL]] {{.*}} into tensor<1x4x9xf32>
// CHECK: %[[WT:.*]] = arith.constant dense_resource<kiln_filter_transposed> : tensor<1x9x8xf32>
// CHECK: %[[P:.*]] = linalg.batch_matmul ins(%[[LHS]], %[[WT]] : tensor<1x4x9xf32>, tensor<1x9x8xf32>)
// CHECK: linalg.transpose ins(%[[P]] : tensor<1x4x8xf32>) outs(%{{.*}} : tensor<1x8x4xf32>) permutation = [0, 2, 1]
// CHECK: {-#
// CHECK: kiln_filter_transposed: "0x04000000{{0+}}000000400000004000004040000080400000A0400000C0400000E040000000000000803F
func.func @pixel_major(%x: tensor<1x1x4x4xf32>) -> tensor<1x8x2x2xf32> {
  // Filter f holds f everywhere except tap (0, 0) of filter 1, which is 2;
  // W^T[0][0][f] = 0, 2, 2, 3, ..., 7 (tap 0 of each filter f); W^T[0][1]
  // starts 0, 1 (tap 1). The blob starts with its alignment, 4.
  %w = arith.constant dense<[[[[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]], [[[2.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]], [[[2.0, 2.0, 2.0], [2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]], [[[3.0, 3.0, 3.0], [3.0, 3.0, 3.0], [3.0, 3.0, 3.0]]], [[[4.0, 4.0, 4.0], [4.0, 4.0, 4.0], [4.0, 4.0, 4.0]]], [[[5.0, 5.0, 5.0], [5.0, 5.0, 5.0], [5.0, 5.0, 5.0]]], [[[6.0, 6.0, 6.0], [6.0, 6.0, 6.0], [6.0, 6.0, 6.0]]], [[[7.0, 7.0, 7.0], [7.0, 7.0, 7.0], [7.0, 7.0, 7.0]]]]> : tensor<8x1x3x3xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x2x2xf32>
  %o = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x2x2xf32>) -> tensor<1x8x2x2xf32>
  %0 = linalg.conv_2d_nchw_fchw {strides = dense<1> : vector<2xi64>, dilations = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x1x4x4xf32>, tensor<8x1x3x3xf32>) outs(%o : tensor<1x8x2x2xf32>) -> tensor<1x8x2x2xf32>
  return %0 : tensor<1x8x2x2xf32>
}
