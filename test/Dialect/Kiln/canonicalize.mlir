// Folders and canonicalization patterns of the kiln dialect.
// RUN: kiln-opt %s -split-input-file -canonicalize="test-convergence" | FileCheck %s

// CHECK-LABEL: func @add_identity
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[I:.*]]: tensor<4xi32>)
func.func @add_identity(%x: tensor<4xf32>, %i: tensor<4xi32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xi32>) {
  %nz = kiln.constant dense<-0.0> : tensor<4xf32>
  %pz = kiln.constant dense<0.0> : tensor<4xf32>
  %iz = kiln.constant dense<0> : tensor<4xi32>
  // x + (-0.0) is x; x + 0.0 is not (it turns -0.0 into +0.0).
  %0 = kiln.add %x, %nz : tensor<4xf32>
  // CHECK: %[[KEEP:.*]] = kiln.add %[[X]], %{{.*}} : tensor<4xf32>
  %1 = kiln.add %x, %pz : tensor<4xf32>
  // Constants move to the right of commutative ops, then fold.
  %2 = kiln.add %iz, %i : tensor<4xi32>
  // CHECK: return %[[X]], %[[KEEP]], %[[I]]
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xi32>
}

// -----

// CHECK-LABEL: func @identity_keeps_broadcast
func.func @identity_keeps_broadcast(%x: tensor<4xf32>) -> tensor<2x4xf32> {
  %one = kiln.constant dense<1.0> : tensor<2x4xf32>
  // x * 1 broadcasts x to 2x4, so it is not x.
  // CHECK: kiln.mul
  %0 = kiln.mul %x, %one : (tensor<4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func @mul_div_sub_pow_identities
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>)
func.func @mul_div_sub_pow_identities(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %one = kiln.constant dense<1.0> : tensor<3xf32>
  %zero = kiln.constant dense<0.0> : tensor<3xf32>
  %0 = kiln.mul %x, %one : tensor<3xf32>
  %1 = kiln.div %x, %one : tensor<3xf32>
  %2 = kiln.sub %x, %zero : tensor<3xf32>
  %3 = kiln.pow %x, %one : tensor<3xf32>
  // CHECK-NOT: kiln.
  // CHECK: return %[[X]], %[[X]], %[[X]], %[[X]]
  return %0, %1, %2, %3 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

// CHECK-LABEL: func @constant_folding
func.func @constant_folding() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xf32>, tensor<2xi32>) {
  %a = kiln.constant dense<[1.5, -2.0]> : tensor<2xf32>
  %b = kiln.constant dense<[0.5, 4.0]> : tensor<2xf32>
  %i = kiln.constant dense<[7, -7]> : tensor<2xi32>
  %j = kiln.constant dense<[2, 2]> : tensor<2xi32>
  %0 = kiln.sub %a, %b : tensor<2xf32>
  %1 = kiln.max %a, %b : tensor<2xf32>
  // Signed division truncates toward zero.
  %2 = kiln.div %i, %j : tensor<2xi32>
  %3 = kiln.min %i, %j : tensor<2xi32>
  %4 = kiln.relu %a : tensor<2xf32>
  %5 = kiln.abs %i : tensor<2xi32>
  // CHECK-DAG: %[[SUB:.*]] = kiln.constant dense<[1.000000e+00, -6.000000e+00]> : tensor<2xf32>
  // CHECK-DAG: %[[MAX:.*]] = kiln.constant dense<[1.500000e+00, 4.000000e+00]> : tensor<2xf32>
  // CHECK-DAG: %[[DIV:.*]] = kiln.constant dense<[3, -3]> : tensor<2xi32>
  // CHECK-DAG: %[[MIN:.*]] = kiln.constant dense<[2, -7]> : tensor<2xi32>
  // CHECK-DAG: %[[RELU:.*]] = kiln.constant dense<[1.500000e+00, 0.000000e+00]> : tensor<2xf32>
  // CHECK-DAG: %[[ABS:.*]] = kiln.constant dense<7> : tensor<2xi32>
  // CHECK: return %[[SUB]], %[[MAX]], %[[DIV]], %[[MIN]], %[[RELU]], %[[ABS]]
  return %0, %1, %2, %3, %4, %5 : tensor<2xf32>, tensor<2xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xf32>, tensor<2xi32>
}

// -----

// CHECK-LABEL: func @integer_division_by_zero_stays
func.func @integer_division_by_zero_stays() -> tensor<2xi32> {
  %i = kiln.constant dense<[7, 1]> : tensor<2xi32>
  %z = kiln.constant dense<[0, 1]> : tensor<2xi32>
  // CHECK: kiln.div
  %0 = kiln.div %i, %z : tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// CHECK-LABEL: func @involutions
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
func.func @involutions(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %n = kiln.neg %x : tensor<4xf32>
  %0 = kiln.neg %n : tensor<4xf32>
  // CHECK: %[[ABS:.*]] = kiln.abs %[[X]]
  %a = kiln.abs %x : tensor<4xf32>
  %1 = kiln.abs %a : tensor<4xf32>
  // CHECK: %[[RELU:.*]] = kiln.relu %[[X]]
  %r = kiln.relu %x : tensor<4xf32>
  %2 = kiln.relu %r : tensor<4xf32>
  %3 = kiln.max %x, %x : tensor<4xf32>
  // CHECK: return %[[X]], %[[ABS]], %[[RELU]], %[[X]]
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func @compare_same_integers
func.func @compare_same_integers(%i: tensor<3xi64>, %f: tensor<3xf32>) -> (tensor<3xi1>, tensor<3xi1>, tensor<3xi1>) {
  // CHECK-DAG: %[[TRUE:.*]] = kiln.constant dense<true> : tensor<3xi1>
  // CHECK-DAG: %[[FALSE:.*]] = kiln.constant dense<false> : tensor<3xi1>
  %0 = kiln.compare le, %i, %i : tensor<3xi64>
  %1 = kiln.compare ne, %i, %i : tensor<3xi64>
  // Floats may be NaN: x == x is not known.
  // CHECK: %[[EQ:.*]] = kiln.compare eq
  %2 = kiln.compare eq, %f, %f : tensor<3xf32>
  // CHECK: return %[[TRUE]], %[[FALSE]], %[[EQ]]
  return %0, %1, %2 : tensor<3xi1>, tensor<3xi1>, tensor<3xi1>
}

// -----

// CHECK-LABEL: func @select_folds
// CHECK-SAME: (%[[C:.*]]: tensor<4xi1>, %[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>)
func.func @select_folds(%c: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %t = kiln.constant dense<true> : tensor<4xi1>
  %0 = kiln.select %t, %a, %b : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %f = kiln.constant dense<false> : tensor<4xi1>
  %1 = kiln.select %f, %a, %b : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = kiln.select %c, %a, %a : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  // CHECK: return %[[A]], %[[B]], %[[A]]
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func @shape_op_identities
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
func.func @shape_op_identities(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = kiln.reshape %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = kiln.transpose %x permutation = [0, 1] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = kiln.broadcast %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = kiln.slice %x [0:2:1, 0:3:1] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = kiln.concat %x dim = 0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = kiln.pad %x low = [0, 0] high = [0, 0] value = 0.0 : f32 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %6 = kiln.cast %x : tensor<2x3xf32> to tensor<2x3xf32>
  %7 = kiln.split %x dim = 1 sizes = [3] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %8 = kiln.reduce_sum %x dims = [] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK-NOT: kiln.
  // CHECK: return %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]]
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @reshape_chain
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
func.func @reshape_chain(%x: tensor<2x3x4xf32>) -> tensor<24xf32> {
  // CHECK-NEXT: %[[R:.*]] = kiln.reshape %[[X]] : (tensor<2x3x4xf32>) -> tensor<24xf32>
  // CHECK-NEXT: return %[[R]]
  %0 = kiln.reshape %x : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  %1 = kiln.reshape %0 : (tensor<6x4xf32>) -> tensor<24xf32>
  return %1 : tensor<24xf32>
}

// -----

// CHECK-LABEL: func @transpose_chain
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
func.func @transpose_chain(%x: tensor<2x3x4xf32>) -> (tensor<4x2x3xf32>, tensor<2x3x4xf32>) {
  %0 = kiln.transpose %x permutation = [1, 2, 0] : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
  // [1, 2, 0] then [1, 2, 0] is [2, 0, 1].
  // CHECK: %[[T:.*]] = kiln.transpose %[[X]] permutation = [2, 0, 1] : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %1 = kiln.transpose %0 permutation = [1, 2, 0] : (tensor<3x4x2xf32>) -> tensor<4x2x3xf32>
  // A transpose and its inverse cancel.
  %2 = kiln.transpose %0 permutation = [2, 0, 1] : (tensor<3x4x2xf32>) -> tensor<2x3x4xf32>
  // CHECK: return %[[T]], %[[X]]
  return %1, %2 : tensor<4x2x3xf32>, tensor<2x3x4xf32>
}

// -----

// Swapping two dimensions of equal size keeps the type but moves data: it
// must not fold away (this once folded to its operand).
// CHECK-LABEL: func @transpose_square
// CHECK: %[[T:.*]] = kiln.transpose %{{.*}} permutation = [1, 0, 2]
// CHECK: return %[[T]]
func.func @transpose_square(%x: tensor<2x2x3xf32>) -> tensor<2x2x3xf32> {
  %0 = kiln.transpose %x permutation = [1, 0, 2] : (tensor<2x2x3xf32>) -> tensor<2x2x3xf32>
  return %0 : tensor<2x2x3xf32>
}

// -----

// CHECK-LABEL: func @splat_through_data_movement
func.func @splat_through_data_movement() -> (tensor<3x2xf32>, tensor<4x6xf32>, tensor<6xf32>) {
  %s = kiln.constant dense<2.5> : tensor<2x3xf32>
  // CHECK-DAG: kiln.constant dense<2.500000e+00> : tensor<3x2xf32>
  // CHECK-DAG: kiln.constant dense<2.500000e+00> : tensor<4x6xf32>
  // CHECK-DAG: kiln.constant dense<2.500000e+00> : tensor<6xf32>
  // CHECK-NOT: kiln.transpose
  // CHECK-NOT: kiln.broadcast
  // CHECK-NOT: kiln.reshape
  %0 = kiln.transpose %s permutation = [1, 0] : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %r = kiln.constant dense<2.5> : tensor<6xf32>
  %1 = kiln.broadcast %r : (tensor<6xf32>) -> tensor<4x6xf32>
  %2 = kiln.reshape %s : (tensor<2x3xf32>) -> tensor<6xf32>
  return %0, %1, %2 : tensor<3x2xf32>, tensor<4x6xf32>, tensor<6xf32>
}

// -----

// Unsigned constants fold with unsigned meaning: 200 / 3 = 66 (not
// -56 / 3), 200 > 3, max is 200, 200 widens to 200; shifts past the width
// give 0 (logical) or the sign (arithmetic); 200 >> 3 = 25.
// CHECK-LABEL: func @unsigned_folds
// CHECK-DAG: kiln.constant dense<66> : tensor<ui8>
// CHECK-DAG: kiln.constant dense<true> : tensor<i1>
// CHECK-DAG: kiln.constant dense<200> : tensor<ui8>
// CHECK-DAG: kiln.constant dense<200> : tensor<i32>
// CHECK-DAG: kiln.constant dense<2.000000e+02> : tensor<f32>
// CHECK-DAG: kiln.constant dense<0> : tensor<ui8>
// CHECK-DAG: kiln.constant dense<-1> : tensor<i8>
// CHECK-DAG: kiln.constant dense<25> : tensor<ui8>
// CHECK-NOT: kiln.div
// CHECK-NOT: kiln.shift
func.func @unsigned_folds() -> (tensor<ui8>, tensor<i1>, tensor<ui8>, tensor<i32>, tensor<f32>, tensor<ui8>, tensor<i8>, tensor<ui8>) {
  %a = kiln.constant dense<200> : tensor<ui8>
  %b = kiln.constant dense<3> : tensor<ui8>
  %eight = kiln.constant dense<8> : tensor<ui8>
  %one = kiln.constant dense<1> : tensor<ui8>
  %neg = kiln.constant dense<-100> : tensor<i8>
  %nine = kiln.constant dense<9> : tensor<i8>
  %0 = kiln.div %a, %b : tensor<ui8>
  %1 = kiln.compare gt, %a, %b : (tensor<ui8>, tensor<ui8>) -> tensor<i1>
  %2 = kiln.max %a, %b : tensor<ui8>
  %3 = kiln.cast %a : tensor<ui8> to tensor<i32>
  %4 = kiln.cast %a : tensor<ui8> to tensor<f32>
  %5 = kiln.shift_left %a, %eight : tensor<ui8>
  %6 = kiln.shift_right %neg, %nine : tensor<i8>
  %7 = kiln.shift_right %a, %b : tensor<ui8>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<ui8>, tensor<i1>, tensor<ui8>, tensor<i32>, tensor<f32>, tensor<ui8>, tensor<i8>, tensor<ui8>
}
