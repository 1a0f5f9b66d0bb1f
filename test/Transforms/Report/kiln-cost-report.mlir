// RUN: kiln-opt %s --kiln-cost-report -o /dev/null 2>&1 | FileCheck %s
// RUN: kiln-opt %s --kiln-cost-report="top=1 report-file=%t.txt" -o /dev/null
// RUN: FileCheck %s --check-prefix=TOP1 < %t.txt
// RUN: kiln-opt %s --kiln-cost-report | FileCheck %s --check-prefix=IR

// The pass leaves the IR alone.
// IR-LABEL: func.func @block
// IR: kiln.dot
// IR: kiln.conv2d

// Hand-derived: dot 2*16*32*64 = 65,536; relu 16*64 = 1,024; conv
// 2*(1*4*6*6)*(3*3*3) = 7,776. Bytes: dot (16*32 + 32*64 + 16*64)*4 = 14,336.
// CHECK: kiln cost report: @block: 3 kiln ops, 74.34 KFLOP
// CHECK-NEXT: kiln.dot 65.54 KFLOP 88.2% 14.34 KB {{.*}}kiln-cost-report.mlir:24:8
// CHECK-NEXT: kiln.conv2d 7.78 KFLOP 10.5%
// CHECK-NEXT: kiln.relu 1.02 KFLOP 1.4%
// CHECK: kiln cost report: @empty: 0 kiln ops, 0 FLOP, 0 B moved

// TOP1: kiln cost report: @block
// TOP1-NEXT: kiln.dot
// TOP1-NEXT: kiln cost report: @empty

func.func @block(%x: tensor<16x32xf32>, %w: tensor<32x64xf32>, %img: tensor<1x3x8x8xf32>, %f: tensor<4x3x3x3xf32>) -> (tensor<16x64xf32>, tensor<1x4x6x6xf32>) {
  %0 = kiln.dot %x, %w, <batch = [] x [], contract = [1] x [0]> : (tensor<16x32xf32>, tensor<32x64xf32>) -> tensor<16x64xf32>
  %1 = kiln.relu %0 : tensor<16x64xf32>
  %2 = kiln.conv2d %img, %f strides = [1, 1] padding = [0, 0, 0, 0] dilations = [1, 1] groups = 1 : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %1, %2 : tensor<16x64xf32>, tensor<1x4x6x6xf32>
}

func.func @empty() {
  return
}
