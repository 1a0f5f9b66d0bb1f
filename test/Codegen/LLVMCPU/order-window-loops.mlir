// RUN: kiln-opt %s --kiln-order-window-loops | FileCheck %s

// A max pooling's loops (n, c, oh, ow, kh, kw) become (n, c, oh, kh, kw, ow):
// the window loops move outside the output width, which is innermost.
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d3, d5 * 2 + d4)>
// CHECK-DAG: #[[$WIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
// CHECK-LABEL: func.func @max_pool
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], #[[$WIN]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
// CHECK: arith.maximumf
// CHECK-NOT: linalg.pooling_nchw_max
func.func @max_pool(%x: tensor<1x4x9x9xf32>, %o: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %w = tensor.empty() : tensor<3x3xf32>
  %0 = linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%x, %w : tensor<1x4x9x9xf32>, tensor<3x3xf32>) outs(%o : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// Convolutions keep their named form and loop order.
// CHECK-LABEL: func.func @depthwise
// CHECK: linalg.conv_2d_ngchw_gfchw
func.func @depthwise(%x: tensor<1x4x1x6x6xf32>, %w: tensor<4x1x1x3x3xf32>, %o: tensor<1x4x1x4x4xf32>) -> tensor<1x4x1x4x4xf32> {
  %0 = linalg.conv_2d_ngchw_gfchw {strides = dense<1> : vector<2xi64>, dilations = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x4x1x6x6xf32>, tensor<4x1x1x3x3xf32>) outs(%o : tensor<1x4x1x4x4xf32>) -> tensor<1x4x1x4x4xf32>
  return %0 : tensor<1x4x1x4x4xf32>
}
