// Upstream shard-dialect grids and annotations enter Kiln as meshes and
// sharding constraints, and propagate from there.
// RUN: kiln-opt %s --kiln-shard-from-upstream -split-input-file | FileCheck %s
// RUN: kiln-opt %s --kiln-shard-from-upstream --kiln-shard-propagate -split-input-file | FileCheck %s --check-prefix=PROP


// CHECK: kiln.mesh @grid = <["axis0"=2, "axis1"=4]>
// CHECK-NOT: shard.
shard.grid @grid(shape = 2x4)

// CHECK-LABEL: func @mlp
func.func @mlp(%x: tensor<16x64xf32>, %w: tensor<64x256xf32>) -> tensor<16x256xf32> {
  %s0 = shard.sharding @grid split_axes = [[0]] : !shard.sharding
  // CHECK: %[[X:.*]] = kiln.sharding_constraint %arg0 <@grid, [{"axis0"}, {}]> : tensor<16x64xf32>
  %x0 = shard.shard %x to %s0 : tensor<16x64xf32>
  %s1 = shard.sharding @grid split_axes = [[], [1]] : !shard.sharding
  // CHECK: %[[W:.*]] = kiln.sharding_constraint %arg1 <@grid, [{}, {"axis1"}]> : tensor<64x256xf32>
  %w0 = shard.shard %w to %s1 annotate_for_users : tensor<64x256xf32>
  // CHECK: kiln.dot %[[X]], %[[W]]
  // PROP: kiln.dot {{.*}}[<@grid, [{"axis0", ?}, {"axis1", ?}]>]
  %h = kiln.dot %x0, %w0, <batch = [] x [], contract = [1] x [0]> : (tensor<16x64xf32>, tensor<64x256xf32>) -> tensor<16x256xf32>
  return %h : tensor<16x256xf32>
}
