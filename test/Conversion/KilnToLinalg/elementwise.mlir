// RUN: kiln-opt %s --convert-kiln-to-linalg --split-input-file | FileCheck %s

// Broadcasting lives in the indexing maps: a missing leading dimension is
// dropped from the map, a size-1 dimension reads index 0.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @add_broadcast
// CHECK-SAME: (%[[A:.*]]: tensor<4x8xf32>, %[[B:.*]]: tensor<8xf32>, %[[C:.*]]: tensor<4x1xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4x8xf32>
// CHECK: %[[S:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[A]], %[[B]] : tensor<4x8xf32>, tensor<8xf32>) outs(%[[E]] : tensor<4x8xf32>)
// CHECK: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[R:.*]] = arith.addf %[[X]], %[[Y]] : f32
// CHECK-NEXT: linalg.yield %[[R]]
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$COL]], #[[$ID]]]
// CHECK: arith.subf
func.func @add_broadcast(%a: tensor<4x8xf32>, %b: tensor<8xf32>, %c: tensor<4x1xf32>) -> tensor<4x8xf32> {
  %0 = kiln.add %a, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %1 = kiln.sub %0, %c : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}

// -----

// Integer element types pick the signed integer ops.
// CHECK-LABEL: func.func @integer_ops
// CHECK: arith.divsi
// CHECK: arith.maxsi
// CHECK: arith.subi
// CHECK: math.absi
func.func @integer_ops(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = kiln.div %a, %b : tensor<4xi32>
  %1 = kiln.max %0, %b : tensor<4xi32>
  %2 = kiln.neg %1 : tensor<4xi32>
  %3 = kiln.abs %2 : tensor<4xi32>
  return %3 : tensor<4xi32>
}

// -----

// Float max/min propagate NaN (maximumf), and relu is maximumf with 0.
// CHECK-LABEL: func.func @float_max_relu
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: arith.maximumf %{{.*}}, %[[Z]]
func.func @float_max_relu(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.max %a, %b : tensor<4xf32>
  %1 = kiln.min %0, %b : tensor<4xf32>
  %2 = kiln.relu %1 : tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

// sigmoid = 1 / (1 + exp(-x)); silu = x / (1 + exp(-x)).
// CHECK-LABEL: func.func @sigmoid_silu
// CHECK: %[[N:.*]] = arith.negf %[[X:.*]] : f32
// CHECK-NEXT: %[[E:.*]] = math.exp %[[N]]
// CHECK-NEXT: %[[D:.*]] = arith.addf %{{.*}}, %[[E]]
// CHECK-NEXT: %[[R:.*]] = arith.divf %{{.*}}, %[[D]]
// CHECK: arith.negf %[[Y:.*]] : f32
// CHECK: math.exp
// CHECK: %[[D2:.*]] = arith.addf
// CHECK-NEXT: arith.divf %[[Y]], %[[D2]]
func.func @sigmoid_silu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.sigmoid %x : tensor<4xf32>
  %1 = kiln.silu %0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// Exact GELU: 0.5 x (1 + erf(x / sqrt(2))); the tanh form uses tanh.
// CHECK-LABEL: func.func @gelu
// CHECK: arith.mulf %{{.*}}, %{{.*}} : f32
// CHECK: math.erf
// CHECK-NOT: math.tanh
// CHECK: linalg.generic
// CHECK: math.tanh
func.func @gelu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.gelu %x : tensor<4xf32>
  %1 = kiln.gelu %0 approximation = tanh : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// Float compares are ordered except `ne`; integers compare signed.
// CHECK-LABEL: func.func @compares
// CHECK: arith.cmpf olt
// CHECK: arith.cmpf une
// CHECK: arith.cmpi sge
// CHECK: arith.select
func.func @compares(%a: tensor<4xf32>, %b: tensor<4xf32>, %i: tensor<4xi64>, %j: tensor<4xi64>) -> (tensor<4xf32>, tensor<4xi1>, tensor<4xi1>) {
  %0 = kiln.compare lt, %a, %b : tensor<4xf32>
  %1 = kiln.compare ne, %a, %b : tensor<4xf32>
  %2 = kiln.compare ge, %i, %j : tensor<4xi64>
  %3 = kiln.select %0, %a, %b : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %3, %1, %2 : tensor<4xf32>, tensor<4xi1>, tensor<4xi1>
}

// -----

// Float to integer saturates and maps NaN to 0.
// CHECK-LABEL: func.func @cast_f32_i8
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: i8):
// CHECK: %[[T:.*]] = arith.fptosi %[[X]] : f32 to i8
// CHECK: %[[HI:.*]] = arith.cmpf oge, %[[X]], %{{.*}} : f32
// CHECK: %[[LO:.*]] = arith.cmpf ole, %[[X]], %{{.*}} : f32
// CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[X]], %[[X]] : f32
// CHECK: %[[MAX:.*]] = arith.constant 127 : i8
// CHECK: %[[S1:.*]] = arith.select %[[HI]], %[[MAX]], %[[T]]
// CHECK: %[[MIN:.*]] = arith.constant -128 : i8
// CHECK: %[[S2:.*]] = arith.select %[[LO]], %[[MIN]], %[[S1]]
// CHECK: %[[S3:.*]] = arith.select %[[NAN]], %{{.*}}, %[[S2]]
// CHECK: linalg.yield %[[S3]]
func.func @cast_f32_i8(%x: tensor<4xf32>) -> tensor<4xi8> {
  %0 = kiln.cast %x : tensor<4xf32> to tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// The other cast directions.
// CHECK-LABEL: func.func @casts
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK: arith.sitofp %{{.*}} : i64 to f32
// CHECK: arith.trunci %{{.*}} : i64 to i32
// CHECK: arith.extui %{{.*}} : i1 to i32
// CHECK: arith.cmpf une
func.func @casts(%h: tensor<4xf16>, %i: tensor<4xi64>, %b: tensor<4xi1>, %f: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi1>) {
  %0 = kiln.cast %h : tensor<4xf16> to tensor<4xf32>
  %1 = kiln.cast %i : tensor<4xi64> to tensor<4xf32>
  %2 = kiln.cast %i : tensor<4xi64> to tensor<4xi32>
  %3 = kiln.cast %b : tensor<4xi1> to tensor<4xi32>
  %4 = kiln.cast %f : tensor<4xf32> to tensor<4xi1>
  return %0, %1, %2, %3, %4 : tensor<4xf32>, tensor<4xf32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi1>
}

// -----

// iota reads the loop index; broadcast copies through a broadcasting map;
// constants become arith.constant.
// CHECK-DAG: #[[$BMAP:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-LABEL: func.func @iota_broadcast_constant
// CHECK: arith.constant dense<2.500000e+00> : tensor<3xf32>
// CHECK: linalg.generic
// CHECK: %[[I:.*]] = linalg.index 1 : index
// CHECK: %[[I64:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK: arith.sitofp %[[I64]] : i64 to f32
// CHECK: linalg.generic {indexing_maps = [#[[$BMAP]], {{.*}}]
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[IN]]
func.func @iota_broadcast_constant(%x: tensor<8x1xf32>) -> (tensor<4x8xf32>, tensor<3x8x5xf32>, tensor<3xf32>) {
  %0 = kiln.iota dim = 1 : tensor<4x8xf32>
  %1 = kiln.broadcast %x : (tensor<8x1xf32>) -> tensor<3x8x5xf32>
  %2 = kiln.constant dense<2.5> : tensor<3xf32>
  return %0, %1, %2 : tensor<4x8xf32>, tensor<3x8x5xf32>, tensor<3xf32>
}

// -----

// Sign keeps zeros and NaN; not is xor with all ones; rem is C's fmod.
// CHECK-LABEL: func.func @sign_not_rem
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf olt
// CHECK: arith.select
// CHECK: arith.select
// CHECK: %[[TRUE:.*]] = arith.constant true
// CHECK: arith.xori %{{.*}}, %[[TRUE]] : i1
// CHECK: arith.remsi %{{.*}}, %{{.*}} : i32
// CHECK: math.roundeven %{{.*}} : f32
func.func @sign_not_rem(%x: tensor<4xf32>, %m: tensor<4xi1>, %i: tensor<4xi32>) -> (tensor<4xf32>, tensor<4xi1>, tensor<4xi32>, tensor<4xf32>) {
  %0 = kiln.sign %x : tensor<4xf32>
  %1 = kiln.not %m : tensor<4xi1>
  %2 = kiln.rem %i, %i : tensor<4xi32>
  %3 = kiln.round %x : tensor<4xf32>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xi1>, tensor<4xi32>, tensor<4xf32>
}

// -----

// Unsigned elements pick the unsigned arith ops, then every type is made
// signless (arguments, bodies and constants alike).
// CHECK-LABEL: func.func @unsigned
// CHECK-SAME: (%{{.*}}: tensor<4xi8>, %{{.*}}: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi8>, tensor<4xi1>, tensor<4xf32>, tensor<4xi32>, tensor<4xi8>, tensor<4xi8>)
// CHECK-NOT: ui8
// CHECK: arith.constant dense<7> : tensor<4xi8>
// CHECK-NOT: ui8
// CHECK: arith.divui %{{.*}}, %{{.*}} : i8
// CHECK: arith.maxui %{{.*}}, %{{.*}} : i8
// CHECK: arith.cmpi ult, %{{.*}}, %{{.*}} : i8
// CHECK: arith.uitofp %{{.*}} : i8 to f32
// CHECK: arith.extui %{{.*}} : i8 to i32
// CHECK: arith.fptoui %{{.*}} : f32 to i8
// CHECK-NOT: ui8
func.func @unsigned(%a: tensor<4xui8>, %b: tensor<4xui8>) -> (tensor<4xui8>, tensor<4xui8>, tensor<4xi1>, tensor<4xf32>, tensor<4xi32>, tensor<4xui8>, tensor<4xui8>) {
  %0 = kiln.div %a, %b : tensor<4xui8>
  %1 = kiln.max %a, %b : tensor<4xui8>
  %2 = kiln.compare lt, %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  %3 = kiln.cast %a : tensor<4xui8> to tensor<4xf32>
  %4 = kiln.cast %a : tensor<4xui8> to tensor<4xi32>
  %5 = kiln.cast %3 : tensor<4xf32> to tensor<4xui8>
  %6 = kiln.constant dense<7> : tensor<4xui8>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<4xui8>, tensor<4xui8>, tensor<4xi1>, tensor<4xf32>, tensor<4xi32>, tensor<4xui8>, tensor<4xui8>
}

// -----

// Shifts are defined from the bit width up: left gives 0, logical right 0,
// arithmetic right shifts by width - 1 (the sign).
// CHECK-LABEL: func.func @shifts
// CHECK: arith.shli
// CHECK: %[[W:.*]] = arith.constant 8 : i8
// CHECK: %[[LONG:.*]] = arith.cmpi uge, %{{.*}}, %[[W]] : i8
// CHECK: arith.select %[[LONG]]
// CHECK: arith.shrui
// CHECK: arith.cmpi uge
// CHECK: %[[LAST:.*]] = arith.constant 7 : i8
// CHECK: %[[AMOUNT:.*]] = arith.select %{{.*}}, %[[LAST]], %{{.*}} : i8
// CHECK: arith.shrsi %{{.*}}, %[[AMOUNT]] : i8
func.func @shifts(%a: tensor<4xui8>, %n: tensor<4xui8>, %s: tensor<4xi8>) -> (tensor<4xui8>, tensor<4xui8>, tensor<4xi8>) {
  %0 = kiln.shift_left %a, %n : tensor<4xui8>
  %1 = kiln.shift_right %a, %n : tensor<4xui8>
  %2 = kiln.shift_right %s, %s : tensor<4xi8>
  return %0, %1, %2 : tensor<4xui8>, tensor<4xui8>, tensor<4xi8>
}
