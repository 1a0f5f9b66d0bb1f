// RUN: kiln-opt %s --kiln-im2col | FileCheck %s

// A 3x3 convolution of 2x3x9x9 with 8 filters: the windows become a
// [2, 27, 49] matrix and the convolution a product of the [8, 27] filter
// with it, batched over the images, reshaped back to 2x8x7x7.
// CHECK-LABEL: func.func @conv
// CHECK: %[[FILTER:.*]] = tensor.collapse_shape %{{.*}} : tensor<8x3x3x3xf32> into tensor<8x27xf32>
// CHECK: %[[COLS:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<2x3x9x9xf32>) outs(%{{.*}} : tensor<2x27x49xf32>)
// CHECK: %[[PROD:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "reduction"]{{.*}} ins(%[[FILTER]], %[[COLS]] : tensor<8x27xf32>, tensor<2x27x49xf32>) outs(%{{.*}} : tensor<2x8x49xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: tensor.expand_shape %[[PROD]] {{.*}} : tensor<2x8x49xf32> into tensor<2x8x7x7xf32>
// CHECK-NOT: linalg.conv_2d_nchw_fchw
func.func @conv(%x: tensor<2x3x9x9xf32>, %w: tensor<8x3x3x3xf32>, %o: tensor<2x8x7x7xf32>) -> tensor<2x8x7x7xf32> {
  %0 = linalg.conv_2d_nchw_fchw {strides = dense<1> : vector<2xi64>, dilations = dense<1> : vector<2xi64>} ins(%x, %w : tensor<2x3x9x9xf32>, tensor<8x3x3x3xf32>) outs(%o : tensor<2x8x7x7xf32>) -> tensor<2x8x7x7xf32>
  return %0 : tensor<2x8x7x7xf32>
}

// Other element types stay convolutions.
// CHECK-LABEL: func.func @conv_f64
// CHECK: linalg.conv_2d_nchw_fchw
func.func @conv_f64(%x: tensor<1x1x4x4xf64>, %w: tensor<1x1x3x3xf64>, %o: tensor<1x1x2x2xf64>) -> tensor<1x1x2x2xf64> {
  %0 = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x1x4x4xf64>, tensor<1x1x3x3xf64>) outs(%o : tensor<1x1x2x2xf64>) -> tensor<1x1x2x2xf64>
  return %0 : tensor<1x1x2x2xf64>
}
