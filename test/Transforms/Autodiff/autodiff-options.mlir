// Options, activity analysis and diagnostics of --kiln-autodiff.
// RUN: kiln-opt %s --kiln-autodiff="function=loss wrt=0,2" | FileCheck %s
// RUN: not kiln-opt %s --kiln-autodiff="function=loss wrt=4" -o /dev/null 2>&1 | FileCheck %s --check-prefix=RANGE
// RUN: not kiln-opt %s --kiln-autodiff="function=loss wrt=3" -o /dev/null 2>&1 | FileCheck %s --check-prefix=INT
// RUN: not kiln-opt %s --kiln-autodiff="function=nothing" -o /dev/null 2>&1 | FileCheck %s --check-prefix=MISSING

// Only w (argument 0) and the unused argument 2 are requested: no gradient
// is built for x (the dot's other operand), and argument 2, which the loss
// does not read, gets zeros. Names carry over as grad_<name>.
// CHECK-LABEL: func.func @loss_grad
// CHECK-SAME: (%[[W:.*]]: tensor<3x5xf32> {kiln.name = "w"}, %[[X:.*]]: tensor<4x3xf32>, %{{.*}}: tensor<2xf32> {kiln.name = "unused"}, %{{.*}}: tensor<4xi64>)
// CHECK-SAME: -> (tensor<f32>, tensor<3x5xf32> {kiln.name = "grad_w"}, tensor<2xf32> {kiln.name = "grad_unused"})
// CHECK: kiln.dot %[[X]], %{{.*}}, <batch = [] x [], contract = [0] x [0]> : (tensor<4x3xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
// CHECK-NOT: -> tensor<4x3xf32>
// CHECK: %[[Z:.*]] = kiln.constant dense<0.000000e+00> : tensor<2xf32>
// CHECK: return %{{.*}}, %{{.*}}, %[[Z]]
// RANGE: autodiff-options.mlir:[[@LINE+3]]:1: error: kiln-autodiff: wrt index 4 is out of range ('loss' has 4 arguments)
// INT: autodiff-options.mlir:[[@LINE+2]]:1: error: kiln-autodiff: argument 3 of 'loss' has type 'tensor<4xi64>', which has no gradient (float tensors only)
// MISSING: error: kiln-autodiff: no function named 'nothing'
func.func @loss(%w: tensor<3x5xf32> {kiln.name = "w"}, %x: tensor<4x3xf32>, %unused: tensor<2xf32> {kiln.name = "unused"}, %labels: tensor<4xi64>) -> tensor<f32> {
  %0 = kiln.dot %x, %w, <batch = [] x [], contract = [1] x [0]> : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  %1 = kiln.cross_entropy %0, %labels : (tensor<4x5xf32>, tensor<4xi64>) -> tensor<f32>
  return %1 : tensor<f32>
}
