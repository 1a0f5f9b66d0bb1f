// --kiln-make-train-step: 20-step training loops compared with torch.optim
// step by step (losses within 1e-4 relative, in practice ~1e-7), and the
// structure of the generated step.

// RUN: %traincheck %s --options "function=mlp params=1,2,3,4 optimizer=adamw lr=0.01" --params "16x32xf32, 32xf32, 32x10xf32, 10xf32" --batch "8x16xf32" --target "8xi64:0..10" --prelude %S/Inputs/train_models.py --model mlp --steps 20
// RUN: %traincheck %s --options "function=mlp params=1,2,3,4 optimizer=sgd lr=0.05 momentum=0.9 nesterov=true weight-decay=0.001" --params "16x32xf32, 32xf32, 32x10xf32, 10xf32" --batch "8x16xf32" --target "8xi64:0..10" --prelude %S/Inputs/train_models.py --model mlp --steps 20
// RUN: %traincheck %s --options "function=regression params=1,2 loss=mse optimizer=sgd lr=0.1" --params "6x3xf32, 3xf32" --batch "4x6xf32" --target "4x3xf32:-0.5..0.5" --prelude %S/Inputs/train_models.py --model regression --steps 10
// RUN: kiln-opt %s --kiln-make-train-step="function=convnet optimizer=adamw lr=0.001 weight-decay=0.0" | FileCheck %s
// RUN: kiln-opt %s --kiln-make-train-step="function=mlp params=1,2,3,4 optimizer=adamw lr=0.01" --symbol-privatize="exclude=train_step" --symbol-dce --kiln-cpu --mlir-print-ir-after=buffer-results-to-out-params -o /dev/null 2>&1 | FileCheck %s --check-prefix=INPLACE

// The CPU pipeline honours the donation: after bufferization the step
// writes only the loss (%arg15, its one output argument); each parameter's
// AdamW update is one loop writing the new moments and parameter into
// their own arguments (exp_avg, exp_avg_sq, param), right after the
// parameter's last read, with no copy of any state, and the step count is
// incremented in place.
// INPLACE-LABEL: func.func @train_step
// INPLACE-SAME: %arg15: memref<f32> {kiln.name = "loss"}) {
// INPLACE-NOT: memref.copy {{.*}} to memref<{{16x32|32|32x10|10}}xf32>
// INPLACE: outs(%arg12,
// INPLACE: outs(%arg7, %arg11, %arg3 :
// INPLACE: outs(%arg6, %arg10, %arg2 :
// INPLACE: outs(%arg5, %arg9, %arg1 :
// INPLACE: outs(%arg4, %arg8, %arg0 :
// INPLACE-NOT: memref.copy
// INPLACE: return

func.func @mlp(%x: tensor<8x16xf32>, %w1: tensor<16x32xf32>, %b1: tensor<32xf32>, %w2: tensor<32x10xf32>, %b2: tensor<10xf32>) -> tensor<8x10xf32> {
  %0 = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  %1 = kiln.add %0, %b1 : (tensor<8x32xf32>, tensor<32xf32>) -> tensor<8x32xf32>
  %2 = kiln.relu %1 : tensor<8x32xf32>
  %3 = kiln.dot %2, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<8x32xf32>, tensor<32x10xf32>) -> tensor<8x10xf32>
  %4 = kiln.add %3, %b2 : (tensor<8x10xf32>, tensor<10xf32>) -> tensor<8x10xf32>
  return %4 : tensor<8x10xf32>
}

func.func @regression(%x: tensor<4x6xf32>, %w: tensor<6x3xf32>, %b: tensor<3xf32>) -> tensor<4x3xf32> {
  %0 = kiln.dot %x, %w, <batch = [] x [], contract = [1] x [0]> : (tensor<4x6xf32>, tensor<6x3xf32>) -> tensor<4x3xf32>
  %1 = kiln.add %0, %b : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %2 = kiln.tanh %1 : tensor<4x3xf32>
  return %2 : tensor<4x3xf32>
}

// Named constants (as the ONNX importer writes initializers) are the
// parameters; the batch norm's running statistics stay constants; the
// unnamed constant (a shape-like scalar) is not trained.
// CHECK-LABEL: func.func @train_step
// CHECK-SAME: (%[[W:.*]]: tensor<4x1x3x3xf32> {kiln.donated_to = 0 : i64, kiln.name = "conv.weight", kiln.parameter},
// CHECK-SAME: %{{.*}}: tensor<4xf32> {kiln.donated_to = 1 : i64, kiln.name = "bn.weight", kiln.parameter},
// CHECK-SAME: %{{.*}}: tensor<4xf32> {kiln.donated_to = 2 : i64, kiln.name = "bn.bias", kiln.parameter},
// CHECK-SAME: %{{.*}}: tensor<4x1x3x3xf32> {kiln.donated_to = 3 : i64, kiln.name = "conv.weight.exp_avg"},
// CHECK-SAME: %{{.*}}: tensor<4xf32> {kiln.donated_to = 8 : i64, kiln.name = "bn.bias.exp_avg_sq"},
// CHECK-SAME: %[[STEP:.*]]: tensor<i64> {kiln.donated_to = 9 : i64, kiln.name = "step"},
// CHECK-SAME: %[[X:.*]]: tensor<2x1x5x5xf32> {kiln.name = "image"},
// CHECK-SAME: %[[L:.*]]: tensor<2xi64> {kiln.name = "labels"})
// CHECK-SAME: -> (tensor<4x1x3x3xf32> {kiln.name = "conv.weight"},
// CHECK-SAME: tensor<i64> {kiln.name = "step"}, tensor<f32> {kiln.name = "loss"})
// Each update runs as soon as its gradient is complete (the step count
// first, the batch norm's bias and scale before the convolution weight,
// whose gradient comes last), so gradients do not all live to the end.
// CHECK: %[[NEXT:.*]] = kiln.add %[[STEP]], %{{.*}} : tensor<i64>
// CHECK-DAG: kiln.constant {{.*}}dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf32>
// CHECK-DAG: kiln.constant {{.*}}dense<[5.000000e-01, 1.000000e+00, 1.500000e+00, 2.000000e+00]> : tensor<4xf32>
// CHECK: kiln.conv2d %[[X]], %[[W]]
// CHECK: %[[LOSS:.*]] = kiln.cross_entropy %{{.*}}, %[[L]]
// CHECK-COUNT-2: kiln.adamw
// CHECK: kiln.adamw %[[W]], %{{.*}}, %{{.*}}, %{{.*}}, %[[NEXT]] lr = 1.000000e-03 beta1 = 0.899999976 beta2 = 9.990000e-01 epsilon = 9.99999993E-9 weight_decay = 0.000000e+00
// CHECK: return {{.*}}, %[[NEXT]], %[[LOSS]]
// CHECK-LABEL: func.func @train_init
// CHECK: kiln.constant dense<2.500000e-01> : tensor<4x1x3x3xf32>
// CHECK: kiln.constant dense<0> : tensor<i64>
func.func @convnet(%x: tensor<2x1x5x5xf32> {kiln.name = "image"}) -> tensor<2x4xf32> {
  %w = kiln.constant {kiln.name = "conv.weight"} dense<0.25> : tensor<4x1x3x3xf32>
  %scale = kiln.constant {kiln.name = "bn.weight"} dense<1.0> : tensor<4xf32>
  %bias = kiln.constant {kiln.name = "bn.bias"} dense<0.0> : tensor<4xf32>
  %mean = kiln.constant {kiln.name = "bn.running_mean"} dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %var = kiln.constant {kiln.name = "bn.running_var"} dense<[0.5, 1.0, 1.5, 2.0]> : tensor<4xf32>
  %0 = kiln.conv2d %x, %w strides = [1, 1] padding = [0, 0, 0, 0] dilations = [1, 1] groups = 1 : (tensor<2x1x5x5xf32>, tensor<4x1x3x3xf32>) -> tensor<2x4x3x3xf32>
  %1 = kiln.batch_norm %0, %scale, %bias, %mean, %var epsilon = 1.0e-05 : (tensor<2x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x3x3xf32>
  %2 = kiln.global_avg_pool2d %1 : (tensor<2x4x3x3xf32>) -> tensor<2x4x1x1xf32>
  %3 = kiln.reshape %2 : (tensor<2x4x1x1xf32>) -> tensor<2x4xf32>
  return %3 : tensor<2x4xf32>
}
