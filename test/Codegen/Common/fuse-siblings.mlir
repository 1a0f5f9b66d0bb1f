// RUN: kiln-opt %s --kiln-fuse-siblings --split-input-file | FileCheck %s

// Adam's update as producer-consumer fusion leaves it: the new moment and
// the new parameter both read the gradient and the old moment. They become
// one generic at the later op's place, reading each operand once and
// yielding both results; the return takes them in order.
// CHECK-LABEL: func.func @adam_like
// CHECK-SAME: (%[[P:.*]]: tensor<64xf32>, %[[M:.*]]: tensor<64xf32>, %[[G:.*]]: tensor<64xf32>)
// CHECK: %[[R:.*]]:2 = linalg.generic
// CHECK-SAME: ins(%[[M]], %[[G]], %[[P]] : tensor<64xf32>, tensor<64xf32>, tensor<64xf32>)
// CHECK-NEXT: ^bb0(%[[IM:.*]]: f32, %[[IG:.*]]: f32, %[[IP:.*]]: f32, %{{.*}}: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[NM:.*]] = arith.addf %[[IM]], %[[IG]]
// CHECK-NEXT: %[[NM2:.*]] = arith.addf %[[IM]], %[[IG]]
// CHECK-NEXT: %[[NP:.*]] = arith.subf %[[IP]], %[[NM2]]
// CHECK-NEXT: linalg.yield %[[NM]], %[[NP]]
// CHECK-NOT: linalg.generic
// CHECK: return %[[R]]#1, %[[R]]#0
#id = affine_map<(d0) -> (d0)>
func.func @adam_like(%p: tensor<64xf32>, %m: tensor<64xf32>, %g: tensor<64xf32>) -> (tensor<64xf32>, tensor<64xf32>) {
  %e = tensor.empty() : tensor<64xf32>
  %m2 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%m, %g : tensor<64xf32>, tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %r = arith.addf %a, %b : f32
    linalg.yield %r : f32
  } -> tensor<64xf32>
  %p2 = linalg.generic {indexing_maps = [#id, #id, #id, #id], iterator_types = ["parallel"]} ins(%p, %m, %g : tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32, %o: f32):
    %n = arith.addf %b, %c : f32
    %r = arith.subf %a, %n : f32
    linalg.yield %r : f32
  } -> tensor<64xf32>
  return %p2, %m2 : tensor<64xf32>, tensor<64xf32>
}

// -----

// Three siblings (two moments and the parameter) end as one op.
// CHECK-LABEL: func.func @three
// CHECK: linalg.generic
// CHECK-SAME: outs(%{{.*}}, %{{.*}}, %{{.*}} :
// CHECK-NOT: linalg.generic
#id = affine_map<(d0) -> (d0)>
func.func @three(%m: tensor<64xf32>, %v: tensor<64xf32>, %g: tensor<64xf32>) -> (tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) {
  %e = tensor.empty() : tensor<64xf32>
  %m2 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%m, %g : tensor<64xf32>, tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %r = arith.addf %a, %b : f32
    linalg.yield %r : f32
  } -> tensor<64xf32>
  %v2 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%v, %g : tensor<64xf32>, tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %r = arith.mulf %a, %b : f32
    linalg.yield %r : f32
  } -> tensor<64xf32>
  %u = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%m, %v : tensor<64xf32>, tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %r = arith.divf %a, %b : f32
    linalg.yield %r : f32
  } -> tensor<64xf32>
  return %m2, %v2, %u : tensor<64xf32>, tensor<64xf32>, tensor<64xf32>
}

// -----

// Not merged: the later op reads the earlier one's result (that is
// producer-consumer fusion's case), the loops differ, no input is shared,
// or one op reduces.
// CHECK-LABEL: func.func @not_siblings
// CHECK-COUNT-5: linalg.generic
#id = affine_map<(d0) -> (d0)>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @not_siblings(%x: tensor<64xf32>, %y: tensor<64xf32>, %w: tensor<64x4xf32>) -> (tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) {
  %e = tensor.empty() : tensor<64xf32>
  %a = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%i: f32, %o: f32):
    %r = arith.negf %i : f32
    linalg.yield %r : f32
  } -> tensor<64xf32>
  %b = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%x, %a : tensor<64xf32>, tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%i: f32, %j: f32, %o: f32):
    %r = arith.addf %i, %j : f32
    linalg.yield %r : f32
  } -> tensor<64xf32>
  %c = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%y : tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%i: f32, %o: f32):
    %r = arith.negf %i : f32
    linalg.yield %r : f32
  } -> tensor<64xf32>
  %d = linalg.generic {indexing_maps = [#id2, #row], iterator_types = ["parallel", "reduction"]} ins(%w : tensor<64x4xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%i: f32, %o: f32):
    %r = arith.addf %i, %o : f32
    linalg.yield %r : f32
  } -> tensor<64xf32>
  %f = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%w : tensor<64x4xf32>) outs(%w : tensor<64x4xf32>) {
  ^bb0(%i: f32, %o: f32):
    %r = arith.negf %i : f32
    linalg.yield %r : f32
  } -> tensor<64x4xf32>
  %s = tensor.extract_slice %f[0, 0] [64, 1] [1, 1] : tensor<64x4xf32> to tensor<64xf32>
  return %a, %b, %c, %d, %s : tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>
}

// -----

// The earlier op's result is used before the later op: moving it there
// would break that use.
// CHECK-LABEL: func.func @used_between
// CHECK-COUNT-2: linalg.generic
#id = affine_map<(d0) -> (d0)>
func.func @used_between(%x: tensor<64xf32>) -> (tensor<64xf32>, f32) {
  %e = tensor.empty() : tensor<64xf32>
  %c0 = arith.constant 0 : index
  %a = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%i: f32, %o: f32):
    %r = arith.negf %i : f32
    linalg.yield %r : f32
  } -> tensor<64xf32>
  %first = tensor.extract %a[%c0] : tensor<64xf32>
  %b = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%i: f32, %o: f32):
    %r = arith.addf %i, %first : f32
    linalg.yield %r : f32
  } -> tensor<64xf32>
  return %b, %first : tensor<64xf32>, f32
}
