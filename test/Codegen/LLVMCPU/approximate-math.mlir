// RUN: kiln-opt %s --kiln-approximate-math | FileCheck %s
// RUN: kiln-opt %s --kiln-approximate-math="exp=false tanh=false" | FileCheck %s --check-prefix=ERF

// f32 exp, erf and tanh become inline arithmetic (no libm call is left to
// keep the loop scalar); f64 and functions not listed stay.
// CHECK-LABEL: func.func @f32_functions
// CHECK-NOT: math.exp
// CHECK-NOT: math.erf
// CHECK-NOT: math.tanh
// CHECK: arith.mulf
// CHECK: return
// ERF-LABEL: func.func @f32_functions
// ERF: math.exp
// ERF-NOT: math.erf
// ERF: math.tanh
func.func @f32_functions(%x: vector<16xf32>) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>) {
  %0 = math.exp %x : vector<16xf32>
  %1 = math.erf %x : vector<16xf32>
  %2 = math.tanh %x : vector<16xf32>
  return %0, %1, %2 : vector<16xf32>, vector<16xf32>, vector<16xf32>
}

// CHECK-LABEL: func.func @kept
// CHECK: math.exp %{{.*}} : f64
// CHECK: math.log %{{.*}} : f32
func.func @kept(%x: f64, %y: f32) -> (f64, f32) {
  %0 = math.exp %x : f64
  %1 = math.log %y : f32
  return %0, %1 : f64, f32
}
