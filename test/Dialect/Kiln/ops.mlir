// Every kiln op parses, verifies and prints back to the same text, through
// the custom form, the generic form and bytecode.
// RUN: kiln-opt %s | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --mlir-print-op-generic | kiln-opt | FileCheck %s
// RUN: kiln-opt %s --emit-bytecode | kiln-opt | FileCheck %s

// CHECK-LABEL: func @unary
func.func @unary(%x: tensor<2x3xf32>, %i: tensor<4xi32>) {
  // CHECK: kiln.neg %{{.*}} : tensor<2x3xf32>
  %0 = kiln.neg %x : tensor<2x3xf32>
  // CHECK: kiln.neg %{{.*}} : tensor<4xi32>
  %1 = kiln.neg %i : tensor<4xi32>
  // CHECK: kiln.abs %{{.*}} : tensor<4xi32>
  %2 = kiln.abs %i : tensor<4xi32>
  // CHECK: kiln.exp %{{.*}} : tensor<2x3xf32>
  %3 = kiln.exp %x : tensor<2x3xf32>
  // CHECK: kiln.log %{{.*}} : tensor<2x3xf32>
  %4 = kiln.log %x : tensor<2x3xf32>
  // CHECK: kiln.sqrt %{{.*}} : tensor<2x3xf32>
  %5 = kiln.sqrt %x : tensor<2x3xf32>
  // CHECK: kiln.rsqrt %{{.*}} : tensor<2x3xf32>
  %6 = kiln.rsqrt %x : tensor<2x3xf32>
  // CHECK: kiln.tanh %{{.*}} : tensor<2x3xf32>
  %7 = kiln.tanh %x : tensor<2x3xf32>
  // CHECK: kiln.sigmoid %{{.*}} : tensor<2x3xf32>
  %8 = kiln.sigmoid %x : tensor<2x3xf32>
  // CHECK: kiln.relu %{{.*}} : tensor<2x3xf32>
  %9 = kiln.relu %x : tensor<2x3xf32>
  // CHECK: kiln.silu %{{.*}} : tensor<2x3xf32>
  %10 = kiln.silu %x : tensor<2x3xf32>
  // CHECK: kiln.erf %{{.*}} : tensor<2x3xf32>
  %11 = kiln.erf %x : tensor<2x3xf32>
  // CHECK: kiln.gelu %{{.*}} : tensor<2x3xf32>
  %12 = kiln.gelu %x : tensor<2x3xf32>
  // CHECK: kiln.gelu %{{.*}} approximation = tanh : tensor<2x3xf32>
  %13 = kiln.gelu %x approximation = tanh : tensor<2x3xf32>
  return
}

// CHECK-LABEL: func @binary
func.func @binary(%a: tensor<4x8xf32>, %b: tensor<8xf32>, %c: tensor<4x1xf32>,
                  %i: tensor<4xi64>, %h: tensor<3xbf16>) {
  // CHECK: kiln.add %{{.*}}, %{{.*}} : tensor<4x8xf32>
  %0 = kiln.add %a, %a : tensor<4x8xf32>
  // CHECK: kiln.add %{{.*}}, %{{.*}} : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %1 = kiln.add %a, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  // CHECK: kiln.sub %{{.*}}, %{{.*}} : (tensor<4x1xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %2 = kiln.sub %c, %b : (tensor<4x1xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  // CHECK: kiln.mul %{{.*}}, %{{.*}} : tensor<4xi64>
  %3 = kiln.mul %i, %i : tensor<4xi64>
  // CHECK: kiln.div %{{.*}}, %{{.*}} : tensor<4xi64>
  %4 = kiln.div %i, %i : tensor<4xi64>
  // CHECK: kiln.max %{{.*}}, %{{.*}} : tensor<3xbf16>
  %5 = kiln.max %h, %h : tensor<3xbf16>
  // CHECK: kiln.min %{{.*}}, %{{.*}} : tensor<4x8xf32>
  %6 = kiln.min %a, %a : tensor<4x8xf32>
  // CHECK: kiln.pow %{{.*}}, %{{.*}} : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  %7 = kiln.pow %a, %c : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  return
}

// CHECK-LABEL: func @compare_select_cast
func.func @compare_select_cast(%a: tensor<4xf32>, %b: tensor<2x1xf32>,
                               %ids: tensor<2x8xi64>, %pad: tensor<i64>,
                               %c: tensor<4x1xi1>, %x: tensor<4x8xf32>,
                               %s: tensor<f32>) {
  // CHECK: kiln.compare lt, %{{.*}}, %{{.*}} : tensor<4xf32>
  %0 = kiln.compare lt, %a, %a : tensor<4xf32>
  // CHECK: kiln.compare ge, %{{.*}}, %{{.*}} : (tensor<4xf32>, tensor<2x1xf32>) -> tensor<2x4xi1>
  %1 = kiln.compare ge, %a, %b : (tensor<4xf32>, tensor<2x1xf32>) -> tensor<2x4xi1>
  // CHECK: kiln.compare eq, %{{.*}}, %{{.*}} : (tensor<2x8xi64>, tensor<i64>) -> tensor<2x8xi1>
  %2 = kiln.compare eq, %ids, %pad : (tensor<2x8xi64>, tensor<i64>) -> tensor<2x8xi1>
  // CHECK: kiln.compare ne, %{{.*}}, %{{.*}} : tensor<4xf32>
  // CHECK: kiln.compare le, %{{.*}}, %{{.*}} : tensor<4xf32>
  // CHECK: kiln.compare gt, %{{.*}}, %{{.*}} : tensor<4xf32>
  %3 = kiln.compare ne, %a, %a : tensor<4xf32>
  %4 = kiln.compare le, %a, %a : tensor<4xf32>
  %5 = kiln.compare gt, %a, %a : tensor<4xf32>
  // CHECK: kiln.select %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4x1xi1>, tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  %6 = kiln.select %c, %x, %s : (tensor<4x1xi1>, tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  // CHECK: kiln.cast %{{.*}} : tensor<4xf32> to tensor<4xf16>
  %7 = kiln.cast %a : tensor<4xf32> to tensor<4xf16>
  // CHECK: kiln.cast %{{.*}} : tensor<4xf32> to tensor<4xbf16>
  %8 = kiln.cast %a : tensor<4xf32> to tensor<4xbf16>
  // CHECK: kiln.cast %{{.*}} : tensor<4xf32> to tensor<4xi8>
  %9 = kiln.cast %a : tensor<4xf32> to tensor<4xi8>
  // CHECK: kiln.cast %{{.*}} : tensor<4xi8> to tensor<4xi4>
  %10 = kiln.cast %9 : tensor<4xi8> to tensor<4xi4>
  // CHECK: kiln.cast %{{.*}} : tensor<4xi4> to tensor<4xi32>
  %11 = kiln.cast %10 : tensor<4xi4> to tensor<4xi32>
  // CHECK: kiln.cast %{{.*}} : tensor<4xi32> to tensor<4xi64>
  %12 = kiln.cast %11 : tensor<4xi32> to tensor<4xi64>
  // CHECK: kiln.cast %{{.*}} : tensor<4xi1> to tensor<4xf32>
  %13 = kiln.cast %0 : tensor<4xi1> to tensor<4xf32>
  return
}

// CHECK-LABEL: func @constants
func.func @constants() {
  // CHECK: kiln.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
  %0 = kiln.constant dense<[1.0, 2.0]> : tensor<2xf32>
  // CHECK: kiln.constant dense_resource<weights> : tensor<2x2xf32>
  %1 = kiln.constant dense_resource<weights> : tensor<2x2xf32>
  // CHECK: kiln.iota dim = 1 : tensor<1x128xi64>
  %2 = kiln.iota dim = 1 : tensor<1x128xi64>
  // CHECK: kiln.iota dim = 0 : tensor<4xf32>
  %3 = kiln.iota dim = 0 : tensor<4xf32>
  return
}

// CHECK-LABEL: func @data_movement
func.func @data_movement(%x: tensor<2x3x4xf32>, %b: tensor<64xf32>,
                         %y: tensor<2x5x4xf32>, %t: tensor<512x32xf32>,
                         %ids: tensor<2x8xi64>, %i32: tensor<3xi32>) {
  // CHECK: kiln.reshape %{{.*}} : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  %0 = kiln.reshape %x : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  // CHECK: kiln.transpose %{{.*}} permutation = [2, 0, 1] : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %1 = kiln.transpose %x permutation = [2, 0, 1] : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  // CHECK: kiln.broadcast %{{.*}} : (tensor<64xf32>) -> tensor<8x64xf32>
  %2 = kiln.broadcast %b : (tensor<64xf32>) -> tensor<8x64xf32>
  // CHECK: kiln.slice %{{.*}} [0:2:1, 1:3:1, 0:4:3] : (tensor<2x3x4xf32>) -> tensor<2x2x2xf32>
  %3 = kiln.slice %x [0:2:1, 1:3:1, 0:4:3] : (tensor<2x3x4xf32>) -> tensor<2x2x2xf32>
  // CHECK: kiln.concat %{{.*}}, %{{.*}} dim = 1 : (tensor<2x3x4xf32>, tensor<2x5x4xf32>) -> tensor<2x8x4xf32>
  %4 = kiln.concat %x, %y dim = 1 : (tensor<2x3x4xf32>, tensor<2x5x4xf32>) -> tensor<2x8x4xf32>
  // CHECK: kiln.split %{{.*}} dim = 1 sizes = [2, 3] : (tensor<2x5x4xf32>) -> (tensor<2x2x4xf32>, tensor<2x3x4xf32>)
  %5:2 = kiln.split %y dim = 1 sizes = [2, 3] : (tensor<2x5x4xf32>) -> (tensor<2x2x4xf32>, tensor<2x3x4xf32>)
  // CHECK: kiln.pad %{{.*}} low = [0, 1, 1] high = [0, 1, 2] value = 0.000000e+00 : f32 : (tensor<2x3x4xf32>) -> tensor<2x5x7xf32>
  %6 = kiln.pad %x low = [0, 1, 1] high = [0, 1, 2] value = 0.0 : f32 : (tensor<2x3x4xf32>) -> tensor<2x5x7xf32>
  // CHECK: kiln.gather %{{.*}}[%{{.*}}] axis = 0 : (tensor<512x32xf32>, tensor<2x8xi64>) -> tensor<2x8x32xf32>
  %7 = kiln.gather %t[%ids] axis = 0 : (tensor<512x32xf32>, tensor<2x8xi64>) -> tensor<2x8x32xf32>
  // CHECK: kiln.gather %{{.*}}[%{{.*}}] axis = 1 : (tensor<2x3x4xf32>, tensor<3xi32>) -> tensor<2x3x4xf32>
  %8 = kiln.gather %x[%i32] axis = 1 : (tensor<2x3x4xf32>, tensor<3xi32>) -> tensor<2x3x4xf32>
  return
}

// CHECK-LABEL: func @contractions
func.func @contractions(%a: tensor<4x8x16xf32>, %b: tensor<4x16x32xf32>,
                        %x: tensor<128x256xf32>, %w: tensor<256x1024xf32>,
                        %img: tensor<1x3x224x224xf32>, %f: tensor<64x3x7x7xf32>,
                        %dw: tensor<32x1x3x3xf32>, %fm: tensor<1x32x56x56xf32>,
                        %i: tensor<4x8xi8>, %j: tensor<8x2xi8>) {
  // CHECK: kiln.dot %{{.*}}, %{{.*}}, <batch = [0] x [0], contract = [2] x [1]> : (tensor<4x8x16xf32>, tensor<4x16x32xf32>) -> tensor<4x8x32xf32>
  %0 = kiln.dot %a, %b, <batch = [0] x [0], contract = [2] x [1]> : (tensor<4x8x16xf32>, tensor<4x16x32xf32>) -> tensor<4x8x32xf32>
  // CHECK: kiln.dot %{{.*}}, %{{.*}}, <batch = [] x [], contract = [1] x [0]> : (tensor<128x256xf32>, tensor<256x1024xf32>) -> tensor<128x1024xf32>
  %1 = kiln.dot %x, %w, <batch = [] x [], contract = [1] x [0]> : (tensor<128x256xf32>, tensor<256x1024xf32>) -> tensor<128x1024xf32>
  // CHECK: kiln.dot %{{.*}}, %{{.*}}, <batch = [] x [], contract = [1] x [0]> : (tensor<4x8xi8>, tensor<8x2xi8>) -> tensor<4x2xi8>
  %2 = kiln.dot %i, %j, <batch = [] x [], contract = [1] x [0]> : (tensor<4x8xi8>, tensor<8x2xi8>) -> tensor<4x2xi8>
  // CHECK: kiln.conv2d %{{.*}}, %{{.*}} strides = [2, 2] padding = [3, 3, 3, 3] dilations = [1, 1] groups = 1 : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>) -> tensor<1x64x112x112xf32>
  %3 = kiln.conv2d %img, %f strides = [2, 2] padding = [3, 3, 3, 3] dilations = [1, 1] groups = 1 : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>) -> tensor<1x64x112x112xf32>
  // Depthwise, dilated.
  // CHECK: kiln.conv2d %{{.*}}, %{{.*}} strides = [1, 1] padding = [2, 2, 2, 2] dilations = [2, 2] groups = 32 : (tensor<1x32x56x56xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x56x56xf32>
  %4 = kiln.conv2d %fm, %dw strides = [1, 1] padding = [2, 2, 2, 2] dilations = [2, 2] groups = 32 : (tensor<1x32x56x56xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x56x56xf32>
  // CHECK: kiln.max_pool2d %{{.*}} window = [3, 3] strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
  %5 = kiln.max_pool2d %3 window = [3, 3] strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
  // CHECK: kiln.avg_pool2d %{{.*}} window = [2, 2] strides = [2, 2] padding = [0, 0, 0, 0] : (tensor<1x32x56x56xf32>) -> tensor<1x32x28x28xf32>
  %6 = kiln.avg_pool2d %fm window = [2, 2] strides = [2, 2] padding = [0, 0, 0, 0] : (tensor<1x32x56x56xf32>) -> tensor<1x32x28x28xf32>
  // CHECK: kiln.global_avg_pool2d %{{.*}} : (tensor<1x32x56x56xf32>) -> tensor<1x32x1x1xf32>
  %7 = kiln.global_avg_pool2d %fm : (tensor<1x32x56x56xf32>) -> tensor<1x32x1x1xf32>
  return
}

// CHECK-LABEL: func @math_and_logic
func.func @math_and_logic(%x: tensor<4x8xf32>, %i: tensor<4x8xi32>, %m: tensor<4x8xi1>) {
  // CHECK: kiln.floor %{{.*}} : tensor<4x8xf32>
  %0 = kiln.floor %x : tensor<4x8xf32>
  // CHECK: kiln.ceil %{{.*}} : tensor<4x8xf32>
  %1 = kiln.ceil %x : tensor<4x8xf32>
  // CHECK: kiln.round %{{.*}} : tensor<4x8xf32>
  %2 = kiln.round %x : tensor<4x8xf32>
  // CHECK: kiln.sign %{{.*}} : tensor<4x8xi32>
  %3 = kiln.sign %i : tensor<4x8xi32>
  // CHECK: kiln.sin %{{.*}} : tensor<4x8xf32>
  %4 = kiln.sin %x : tensor<4x8xf32>
  // CHECK: kiln.atanh %{{.*}} : tensor<4x8xf32>
  %5 = kiln.atanh %x : tensor<4x8xf32>
  // CHECK: kiln.not %{{.*}} : tensor<4x8xi1>
  %6 = kiln.not %m : tensor<4x8xi1>
  // CHECK: kiln.and %{{.*}}, %{{.*}} : tensor<4x8xi1>
  %7 = kiln.and %m, %m : tensor<4x8xi1>
  // CHECK: kiln.xor %{{.*}}, %{{.*}} : (tensor<4x8xi32>, tensor<i32>) -> tensor<4x8xi32>
  %c = kiln.constant dense<3> : tensor<i32>
  %8 = kiln.xor %i, %c : (tensor<4x8xi32>, tensor<i32>) -> tensor<4x8xi32>
  // CHECK: kiln.rem %{{.*}}, %{{.*}} : tensor<4x8xf32>
  %9 = kiln.rem %x, %x : tensor<4x8xf32>
  return
}

// CHECK-LABEL: func @gather_elements
func.func @gather_elements(%x: tensor<4x8xf32>, %i: tensor<4x2xi64>) -> tensor<4x2xf32> {
  // CHECK: kiln.gather_elements %{{.*}}[%{{.*}}] axis = 1 : (tensor<4x8xf32>, tensor<4x2xi64>) -> tensor<4x2xf32>
  %0 = kiln.gather_elements %x[%i] axis = 1 : (tensor<4x8xf32>, tensor<4x2xi64>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// CHECK-LABEL: func @scatter_elements
func.func @scatter_elements(%x: tensor<4x8xf32>, %i: tensor<4x2xi64>, %u: tensor<4x2xf32>) -> tensor<4x8xf32> {
  // CHECK: kiln.scatter_elements %{{.*}}[%{{.*}}] = %{{.*}} axis = 1 reduction = add : (tensor<4x8xf32>, tensor<4x2xi64>, tensor<4x2xf32>) -> tensor<4x8xf32>
  %0 = kiln.scatter_elements %x[%i] = %u axis = 1 reduction = add : (tensor<4x8xf32>, tensor<4x2xi64>, tensor<4x2xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// Unsigned and 16-bit integers are element types of their own.
// CHECK-LABEL: func @unsigned
func.func @unsigned(%a: tensor<4xui8>, %b: tensor<4xui64>, %c: tensor<4xi16>) {
  // CHECK: kiln.div %{{.*}}, %{{.*}} : tensor<4xui8>
  %0 = kiln.div %a, %a : tensor<4xui8>
  // CHECK: kiln.shift_left %{{.*}}, %{{.*}} : tensor<4xui64>
  %1 = kiln.shift_left %b, %b : tensor<4xui64>
  // CHECK: kiln.shift_right %{{.*}}, %{{.*}} : tensor<4xi16>
  %2 = kiln.shift_right %c, %c : tensor<4xi16>
  // CHECK: kiln.cast %{{.*}} : tensor<4xui8> to tensor<4xf32>
  %3 = kiln.cast %a : tensor<4xui8> to tensor<4xf32>
  return
}

// CHECK-LABEL: func @reductions
func.func @reductions(%x: tensor<4x8xf32>, %i: tensor<4x8xi32>) {
  // CHECK: kiln.reduce_sum %{{.*}} dims = [1] : (tensor<4x8xf32>) -> tensor<4xf32>
  %0 = kiln.reduce_sum %x dims = [1] : (tensor<4x8xf32>) -> tensor<4xf32>
  // CHECK: kiln.reduce_mean %{{.*}} dims = [0, 1] keep_dims : (tensor<4x8xf32>) -> tensor<1x1xf32>
  %1 = kiln.reduce_mean %x dims = [0, 1] keep_dims : (tensor<4x8xf32>) -> tensor<1x1xf32>
  // CHECK: kiln.reduce_prod %{{.*}} dims = [0] : (tensor<4x8xi32>) -> tensor<8xi32>
  %2 = kiln.reduce_prod %i dims = [0] : (tensor<4x8xi32>) -> tensor<8xi32>
  // CHECK: kiln.reduce_max %{{.*}} dims = [1] keep_dims : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %3 = kiln.reduce_max %x dims = [1] keep_dims : (tensor<4x8xf32>) -> tensor<4x1xf32>
  // CHECK: kiln.reduce_min %{{.*}} dims = [0, 1] : (tensor<4x8xf32>) -> tensor<f32>
  %4 = kiln.reduce_min %x dims = [0, 1] : (tensor<4x8xf32>) -> tensor<f32>
  // CHECK: kiln.argmax %{{.*}} dim = 1 : (tensor<4x8xf32>) -> tensor<4xi64>
  %5 = kiln.argmax %x dim = 1 : (tensor<4x8xf32>) -> tensor<4xi64>
  // CHECK: kiln.argmax %{{.*}} dim = 0 keep_dims : (tensor<4x8xi32>) -> tensor<1x8xi32>
  %6 = kiln.argmax %i dim = 0 keep_dims : (tensor<4x8xi32>) -> tensor<1x8xi32>
  // CHECK: kiln.argmin %{{.*}} dim = 1 keep_dims select_last : (tensor<4x8xf32>) -> tensor<4x1xi64>
  %9 = kiln.argmin %x dim = 1 keep_dims select_last : (tensor<4x8xf32>) -> tensor<4x1xi64>
  // CHECK: kiln.argmax %{{.*}} dim = 0 select_last : (tensor<4x8xi32>) -> tensor<8xi64>
  %10 = kiln.argmax %i dim = 0 select_last : (tensor<4x8xi32>) -> tensor<8xi64>
  // CHECK: kiln.softmax %{{.*}} dim = 1 : tensor<4x8xf32>
  %7 = kiln.softmax %x dim = 1 : tensor<4x8xf32>
  // CHECK: kiln.log_softmax %{{.*}} dim = 0 : tensor<4x8xf32>
  %8 = kiln.log_softmax %x dim = 0 : tensor<4x8xf32>
  return
}

// CHECK-LABEL: func @normalizations
func.func @normalizations(%x: tensor<2x16x64xf32>, %g: tensor<64xf32>,
                          %b: tensor<64xf32>, %gg: tensor<16x64xf32>,
                          %img: tensor<1x8x4x4xf32>, %c: tensor<8xf32>) {
  // CHECK: kiln.layer_norm %{{.*}} scale %{{.*}} bias %{{.*}} axis = 2 epsilon = 9.99999974E-6 : (tensor<2x16x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<2x16x64xf32>
  %0 = kiln.layer_norm %x scale %g bias %b axis = 2 epsilon = 1.0e-05 : (tensor<2x16x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<2x16x64xf32>
  // CHECK: kiln.layer_norm %{{.*}} scale %{{.*}} axis = 1 epsilon = 9.99999974E-6 : (tensor<2x16x64xf32>, tensor<16x64xf32>) -> tensor<2x16x64xf32>
  %1 = kiln.layer_norm %x scale %gg axis = 1 epsilon = 1.0e-05 : (tensor<2x16x64xf32>, tensor<16x64xf32>) -> tensor<2x16x64xf32>
  // CHECK: kiln.layer_norm %{{.*}} axis = 2 epsilon = 9.99999974E-6 : (tensor<2x16x64xf32>) -> tensor<2x16x64xf32>
  %2 = kiln.layer_norm %x axis = 2 epsilon = 1.0e-05 : (tensor<2x16x64xf32>) -> tensor<2x16x64xf32>
  // CHECK: kiln.rms_norm %{{.*}} scale %{{.*}} axis = 2 epsilon = 9.99999997E-7 : (tensor<2x16x64xf32>, tensor<64xf32>) -> tensor<2x16x64xf32>
  %3 = kiln.rms_norm %x scale %g axis = 2 epsilon = 1.0e-06 : (tensor<2x16x64xf32>, tensor<64xf32>) -> tensor<2x16x64xf32>
  // CHECK: kiln.rms_norm %{{.*}} axis = 2 epsilon = 9.99999997E-7 : (tensor<2x16x64xf32>) -> tensor<2x16x64xf32>
  %4 = kiln.rms_norm %x axis = 2 epsilon = 1.0e-06 : (tensor<2x16x64xf32>) -> tensor<2x16x64xf32>
  // CHECK: kiln.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} epsilon = 9.99999974E-6 : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %5 = kiln.batch_norm %img, %c, %c, %c, %c epsilon = 1.0e-05 : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return
}

// CHECK-LABEL: func @attention
func.func @attention(%q: tensor<2x8x16x64xf32>, %kv: tensor<2x2x16x64xf32>,
                     %k: tensor<2x8x32x64xf32>, %v: tensor<2x8x32x32xf32>,
                     %pad: tensor<2x1x1x32xi1>, %bias: tensor<16x32xf32>) {
  // Grouped-query heads (8 query heads share 2 kv heads), causal.
  // CHECK: kiln.attention %{{.*}}, %{{.*}}, %{{.*}} causal : (tensor<2x8x16x64xf32>, tensor<2x2x16x64xf32>, tensor<2x2x16x64xf32>) -> tensor<2x8x16x64xf32>
  %0 = kiln.attention %q, %kv, %kv causal : (tensor<2x8x16x64xf32>, tensor<2x2x16x64xf32>, tensor<2x2x16x64xf32>) -> tensor<2x8x16x64xf32>
  // Boolean padding mask, explicit scale, value head dim differs.
  // CHECK: kiln.attention %{{.*}}, %{{.*}}, %{{.*}} mask %{{.*}} scale = 1.250000e-01 : (tensor<2x8x16x64xf32>, tensor<2x8x32x64xf32>, tensor<2x8x32x32xf32>, tensor<2x1x1x32xi1>) -> tensor<2x8x16x32xf32>
  %1 = kiln.attention %q, %k, %v mask %pad scale = 0.125 : (tensor<2x8x16x64xf32>, tensor<2x8x32x64xf32>, tensor<2x8x32x32xf32>, tensor<2x1x1x32xi1>) -> tensor<2x8x16x32xf32>
  // Additive float mask, causal with a longer key sequence.
  // CHECK: kiln.attention %{{.*}}, %{{.*}}, %{{.*}} mask %{{.*}} causal : (tensor<2x8x16x64xf32>, tensor<2x8x32x64xf32>, tensor<2x8x32x32xf32>, tensor<16x32xf32>) -> tensor<2x8x16x32xf32>
  %2 = kiln.attention %q, %k, %v mask %bias causal : (tensor<2x8x16x64xf32>, tensor<2x8x32x64xf32>, tensor<2x8x32x32xf32>, tensor<16x32xf32>) -> tensor<2x8x16x32xf32>
  return
}

// The forward that keeps the log-sum-exp (f32 for bf16 operands) and the
// backward that reads it.
// CHECK-LABEL: func @attention_backward
func.func @attention_backward(%q: tensor<1x8x16x64xbf16>, %kv: tensor<1x2x16x64xbf16>,
                              %g: tensor<1x8x16x64xbf16>, %pad: tensor<1x1x1x16xi1>) {
  // CHECK: %{{.*}}, %[[LSE:.*]] = kiln.attention_lse %{{.*}}, %{{.*}}, %{{.*}} mask %{{.*}} causal : (tensor<1x8x16x64xbf16>, tensor<1x2x16x64xbf16>, tensor<1x2x16x64xbf16>, tensor<1x1x1x16xi1>) -> (tensor<1x8x16x64xbf16>, tensor<1x8x16xf32>)
  %o, %lse = kiln.attention_lse %q, %kv, %kv mask %pad causal : (tensor<1x8x16x64xbf16>, tensor<1x2x16x64xbf16>, tensor<1x2x16x64xbf16>, tensor<1x1x1x16xi1>) -> (tensor<1x8x16x64xbf16>, tensor<1x8x16xf32>)
  // CHECK: kiln.attention_grad %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[LSE]], %{{.*}} mask %{{.*}} causal : (tensor<1x8x16x64xbf16>, tensor<1x2x16x64xbf16>, tensor<1x2x16x64xbf16>, tensor<1x8x16x64xbf16>, tensor<1x8x16xf32>, tensor<1x8x16x64xbf16>, tensor<1x1x1x16xi1>) -> (tensor<1x8x16x64xbf16>, tensor<1x2x16x64xbf16>, tensor<1x2x16x64xbf16>)
  %dq, %dk, %dv = kiln.attention_grad %q, %kv, %kv, %o, %lse, %g mask %pad causal : (tensor<1x8x16x64xbf16>, tensor<1x2x16x64xbf16>, tensor<1x2x16x64xbf16>, tensor<1x8x16x64xbf16>, tensor<1x8x16xf32>, tensor<1x8x16x64xbf16>, tensor<1x1x1x16xi1>) -> (tensor<1x8x16x64xbf16>, tensor<1x2x16x64xbf16>, tensor<1x2x16x64xbf16>)
  return
}

// CHECK-LABEL: func @training
func.func @training(%logits: tensor<8x10xf32>, %labels: tensor<8xi64>,
                    %seq: tensor<2x4x10xf32>, %tok: tensor<2x4xi32>,
                    %p: tensor<16x16xf32>, %step: tensor<i64>) {
  // CHECK: kiln.cross_entropy %{{.*}}, %{{.*}} : (tensor<8x10xf32>, tensor<8xi64>) -> tensor<f32>
  %0 = kiln.cross_entropy %logits, %labels : (tensor<8x10xf32>, tensor<8xi64>) -> tensor<f32>
  // CHECK: kiln.cross_entropy %{{.*}}, %{{.*}} reduction = none : (tensor<2x4x10xf32>, tensor<2x4xi32>) -> tensor<2x4xf32>
  %1 = kiln.cross_entropy %seq, %tok reduction = none : (tensor<2x4x10xf32>, tensor<2x4xi32>) -> tensor<2x4xf32>
  // CHECK: kiln.mse %{{.*}}, %{{.*}} : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<f32>
  %2 = kiln.mse %p, %p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<f32>
  // CHECK: kiln.mse %{{.*}}, %{{.*}} reduction = sum : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<f32>
  %3 = kiln.mse %p, %p reduction = sum : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<f32>
  // CHECK: kiln.sgd %{{.*}}, %{{.*}}, %{{.*}} lr = 0.00999999977 momentum = 0.899999976 weight_decay = 0.000000e+00 : tensor<16x16xf32>
  %4:2 = kiln.sgd %p, %p, %p lr = 0.01 momentum = 0.9 weight_decay = 0.0 : tensor<16x16xf32>
  // CHECK: kiln.sgd %{{.*}}, %{{.*}}, %{{.*}} lr = 1.000000e-01 momentum = 0.899999976 weight_decay = 9.99999974E-5 nesterov : tensor<16x16xf32>
  %5:2 = kiln.sgd %p, %p, %p lr = 0.1 momentum = 0.9 weight_decay = 1.0e-4 nesterov : tensor<16x16xf32>
  // CHECK: kiln.adamw %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} lr = 1.000000e-03 beta1 = 0.899999976 beta2 = 9.990000e-01 epsilon = 9.99999993E-9 weight_decay = 0.00999999977 : tensor<16x16xf32>, tensor<i64>
  %6:3 = kiln.adamw %p, %p, %p, %p, %step lr = 0.001 beta1 = 0.9 beta2 = 0.999 epsilon = 1.0e-8 weight_decay = 0.01 : tensor<16x16xf32>, tensor<i64>
  return
}

{-#
  dialect_resources: {
    builtin: {
      weights: "0x040000000000803F000000400000404000008040"
    }
  }
#-}
