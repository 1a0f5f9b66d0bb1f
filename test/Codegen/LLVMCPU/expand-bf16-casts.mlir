// RUN: kiln-opt %s --kiln-expand-bf16-casts | FileCheck %s

// f32 -> bf16 rounds to nearest even in integer arithmetic: add 0x7FFF
// plus the lowest kept bit, keep the high half; NaN becomes 0x7FC0.
// CHECK-LABEL: func.func @trunc_f32
// CHECK-SAME: (%[[A:.*]]: f32)
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK-DAG: %[[SIXTEEN:.*]] = arith.constant 16 : i32
// CHECK-DAG: %[[NAN:.*]] = arith.constant 32704 : i16
// CHECK-DAG: %[[HALF:.*]] = arith.constant 32767 : i32
// CHECK: %[[ISNAN:.*]] = arith.cmpf une, %[[A]], %[[A]] : f32
// CHECK: %[[BITS:.*]] = arith.bitcast %[[A]] : f32 to i32
// CHECK: %[[LOW:.*]] = arith.shrui %[[BITS]], %[[SIXTEEN]]
// CHECK: %[[ODD:.*]] = arith.andi %[[LOW]], %[[ONE]]
// CHECK: %[[BIAS:.*]] = arith.addi %[[ODD]], %[[HALF]]
// CHECK: %[[ROUNDED:.*]] = arith.addi %[[BITS]], %[[BIAS]]
// CHECK: %[[HIGH:.*]] = arith.shrui %[[ROUNDED]], %[[SIXTEEN]]
// CHECK: %[[NARROW:.*]] = arith.trunci %[[HIGH]] : i32 to i16
// CHECK: %[[PICK:.*]] = arith.select %[[ISNAN]], %[[NAN]], %[[NARROW]]
// CHECK: %[[R:.*]] = arith.bitcast %[[PICK]] : i16 to bf16
// CHECK: return %[[R]]
// CHECK-NOT: arith.truncf
func.func @trunc_f32(%a: f32) -> bf16 {
  %0 = arith.truncf %a : f32 to bf16
  return %0 : bf16
}

// f64 vectors go to f32 first, then the same expansion on vectors.
// CHECK-LABEL: func.func @trunc_f64_vector
// CHECK: %[[SINGLE:.*]] = arith.truncf %{{.*}} : vector<8xf64> to vector<8xf32>
// CHECK: arith.bitcast %[[SINGLE]] : vector<8xf32> to vector<8xi32>
// CHECK: arith.bitcast %{{.*}} : vector<8xi16> to vector<8xbf16>
// CHECK-NOT: to vector<8xbf16>
func.func @trunc_f64_vector(%v: vector<8xf64>) -> vector<8xbf16> {
  %0 = arith.truncf %v : vector<8xf64> to vector<8xbf16>
  return %0 : vector<8xbf16>
}

// bf16 -> f32 is exact: the bits move to the high half.
// CHECK-LABEL: func.func @ext
// CHECK: %[[BITS:.*]] = arith.bitcast %{{.*}} : vector<8xbf16> to vector<8xi16>
// CHECK: %[[WIDE:.*]] = arith.extui %[[BITS]] : vector<8xi16> to vector<8xi32>
// CHECK: %[[HIGH:.*]] = arith.shli %[[WIDE]], %{{.*}} : vector<8xi32>
// CHECK: arith.bitcast %[[HIGH]] : vector<8xi32> to vector<8xf32>
// CHECK-NOT: arith.extf
func.func @ext(%a: vector<8xbf16>) -> vector<8xf32> {
  %0 = arith.extf %a : vector<8xbf16> to vector<8xf32>
  return %0 : vector<8xf32>
}

// Other narrow types are left to LLVM (x86 has F16C; libgcc the rest).
// CHECK-LABEL: func.func @half
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @half(%a: f32) -> f16 {
  %0 = arith.truncf %a : f32 to f16
  return %0 : f16
}
