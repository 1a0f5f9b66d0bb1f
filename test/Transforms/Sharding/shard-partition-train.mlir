// Data-parallel training: with the batch split over "data", the training
// step's forward and backward need no collective except one all-reduce
// per weight gradient and one for the (mean) loss.
// RUN: kiln-opt %s --kiln-make-train-step="function=mlp params=1,2,3,4 optimizer=sgd lr=0.1" --symbol-privatize="exclude=train_step" --symbol-dce --kiln-shard-partition | FileCheck %s --implicit-check-not=shard.all_gather --implicit-check-not=shard.all_to_all --implicit-check-not=shard.reduce_scatter

kiln.mesh @mesh = <["data"=4]>

// CHECK-LABEL: func.func @train_step
// CHECK-SAME: tensor<8x16xf32> {kiln.name = "x", kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {}]>}
// The forward runs on 8 of the 32 rows.
// CHECK: kiln.dot {{.*}} : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
// CHECK: shard.all_reduce {{.*}} on @mesh_grid grid_axes = [0] reduction = average : tensor<f32> -> tensor<f32>
// CHECK-COUNT-4: shard.all_reduce {{.*}} on @mesh_grid grid_axes = [0] : tensor<{{[0-9x]+}}xf32>
// CHECK-NOT: shard.all_reduce
// CHECK: return
func.func @mlp(%x: tensor<32x16xf32> {kiln.name = "x", kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {}]>}, %w1: tensor<16x32xf32>, %b1: tensor<32xf32>, %w2: tensor<32x4xf32>, %b2: tensor<4xf32>) -> tensor<32x4xf32> {
  %h = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<32x16xf32>, tensor<16x32xf32>) -> tensor<32x32xf32>
  %hb = kiln.add %h, %b1 : (tensor<32x32xf32>, tensor<32xf32>) -> tensor<32x32xf32>
  %r = kiln.relu %hb : tensor<32x32xf32>
  %y = kiln.dot %r, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<32x32xf32>, tensor<32x4xf32>) -> tensor<32x4xf32>
  %yb = kiln.add %y, %b2 : (tensor<32x4xf32>, tensor<4xf32>) -> tensor<32x4xf32>
  return %yb : tensor<32x4xf32>
}
