// Crashes Debian's MLIR 22.1.8 parser (stock mlir-opt-22 too): linalg.reduce's
// custom parser segfaults on 'dimensions = [<1]' (line 24). Found by
// fuzz/ir_mutate.py --seed 11; not Kiln's code, to be reported upstream.
// RUN: kiln-opt %s --kiln-reassociate-reductions | FileCheck %s

// The combiner of a sum gets reassoc (existing flags are kept); the
// elementwise ops before it do not.
// CHECK-LABEL: func.func @sum_of_squares
// CHECK: arith.mulf %{{.*}}, %{{.*}} : f32
// CHECK: arith.addf %{{.*}}, %{{.*}} fastmath<reassoc,nnan> : f32
func.func @sum_of_squares(%x: tensor<4x8xf32>, %init: tensor<4xf32>) -> tensor<4xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<4x8xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %sq = arith.mulf %a, %a : f32
    %r = arith.addf %sq, %acc fastmath<nnan> : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @max
// CHECK: arith.maximumf %{{.*}}, %{{.*}} fastmath<reassoc> : f32
func.func @max(%x: memref<4x8xf32>, %out: memref<4xf32>) {
  linalg.reduce ins(%x : memref<4x8xf32>) outs(%out : memref<4xf32>) dimensions = [<1]
    (%in: f32, %acc: f32) {
      %r = arith.maximumf %in, %acc : f32
      linalg.yield %r : f32
    }
  return
}

// Not reductions, or not a float combiner: unchanged.
// CHECK-LABEL: func.func @untouched
// CHECK: arith.addf %{{.*}}, %{{.*}} : f32
// CHECK: arith.addi %{{.*}}, %{{.*}} : i32
// CHECK-NOT: fastmath
func.func @untouched(%x: tensor<4xf32>, %y: tensor<4xi32>, %z: tensor<i32>) -> (tensor<4xf32>, tensor<i32>) {
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%x : tensor<4xf32>) outs(%x : tensor<4xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = arith.addf %a, %o : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %1 = linalg.reduce ins(%y : tensor<4xi32>) outs(%z : tensor<i32>) dimensions = [0]
    (%in: i32, %acc: i32) {
      %r = arith.addi %in, %acc : i32
      linalg.yield %r : i32
    }
  return %0, %1 : tensor<4xf32>, tensor<i32>
}
