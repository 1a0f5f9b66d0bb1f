// The per-device program: local shapes and the fewest collectives, as
// upstream shard ops. Expected IR derived by hand from the layouts.
// RUN: kiln-opt %s --kiln-shard-partition -split-input-file 2>%t.err | FileCheck %s
// RUN: FileCheck %s --check-prefix=WARN < %t.err

kiln.mesh @mesh = <["data"=2, "model"=4]>
// CHECK: shard.grid @mesh_grid(shape = 2x4)

// Megatron MLP: columns then rows of the weights over "model"; one
// all-reduce for the pair of layers, none in between.
// CHECK-LABEL: func @megatron
// CHECK-SAME: (%[[X:.*]]: tensor<16x64xf32> {{.*}}, %[[W1:.*]]: tensor<64x64xf32> {{.*}}, %[[W2:.*]]: tensor<64x64xf32> {{.*}}) -> (tensor<16x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {}]>}) attributes {kiln.spmd = @mesh}
// CHECK-NEXT: %[[H:.*]] = kiln.dot %[[X]], %[[W1]], {{.*}} : (tensor<16x64xf32>, tensor<64x64xf32>) -> tensor<16x64xf32>
// CHECK-NEXT: %[[G:.*]] = kiln.gelu %[[H]] : tensor<16x64xf32>
// CHECK-NEXT: %[[Y:.*]] = kiln.dot %[[G]], %[[W2]], {{.*}} -> tensor<16x64xf32>
// CHECK-NEXT: %[[R:.*]] = shard.all_reduce %[[Y]] on @mesh_grid grid_axes = [1] : tensor<16x64xf32> -> tensor<16x64xf32>
// CHECK-NEXT: return %[[R]]
func.func @megatron(%x: tensor<16x64xf32>, %w1: tensor<64x256xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"model"}]>}, %w2: tensor<256x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"model"}, {}]>}) -> tensor<16x64xf32> {
  %h = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<16x64xf32>, tensor<64x256xf32>) -> tensor<16x256xf32>
  %g = kiln.gelu %h : tensor<16x256xf32>
  %y = kiln.dot %g, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<16x256xf32>, tensor<256x64xf32>) -> tensor<16x64xf32>
  return %y : tensor<16x64xf32>
}

// Batch-sharded MLP: every device runs its 8 rows; no collective.
// CHECK-LABEL: func @data_parallel
// CHECK-SAME: tensor<8x64xf32>
// CHECK-NOT: shard.
// CHECK: return {{.*}} : tensor<8x8xf32>
func.func @data_parallel(%x: tensor<16x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {}]>}, %w1: tensor<64x64xf32>, %w2: tensor<64x8xf32>) -> tensor<16x8xf32> {
  %h = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<16x64xf32>, tensor<64x64xf32>) -> tensor<16x64xf32>
  %r = kiln.relu %h : tensor<16x64xf32>
  %y = kiln.dot %r, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<16x64xf32>, tensor<64x8xf32>) -> tensor<16x8xf32>
  return %y : tensor<16x8xf32>
}

// A split contracting dim: partial sums, all-reduced for a replicated
// result...
// CHECK-LABEL: func @contract_all_reduce
// CHECK: %[[P:.*]] = kiln.dot {{.*}} : (tensor<16x16xf32>, tensor<16x32xf32>) -> tensor<16x32xf32>
// CHECK-NEXT: shard.all_reduce %[[P]] on @mesh_grid grid_axes = [1] : tensor<16x32xf32> -> tensor<16x32xf32>
func.func @contract_all_reduce(%x: tensor<16x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"model"}]>}, %w: tensor<64x32xf32>) -> (tensor<16x32xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {}]>}) {
  %y = kiln.dot %x, %w, <batch = [] x [], contract = [1] x [0]> : (tensor<16x64xf32>, tensor<64x32xf32>) -> tensor<16x32xf32>
  return %y : tensor<16x32xf32>
}

// ...and reduce-scattered, not all-reduced and sliced, for a split one.
// CHECK-LABEL: func @contract_reduce_scatter
// CHECK: %[[P:.*]] = kiln.dot {{.*}} -> tensor<16x32xf32>
// CHECK-NEXT: %[[S:.*]] = shard.reduce_scatter %[[P]] on @mesh_grid grid_axes = [1] scatter_axis = 1 : tensor<16x32xf32> -> tensor<16x8xf32>
// CHECK-NEXT: return %[[S]]
func.func @contract_reduce_scatter(%x: tensor<16x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"model"}]>}, %w: tensor<64x32xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"model"}, {}]>}) -> (tensor<16x32xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"model"}]>}) {
  %y = kiln.dot %x, %w, <batch = [] x [], contract = [1] x [0]> : (tensor<16x64xf32>, tensor<64x32xf32>) -> tensor<16x32xf32>
  return %y : tensor<16x32xf32>
}

// Reshape keeps the split major dim: no communication.
// CHECK-LABEL: func @reshape
// CHECK-NEXT: kiln.reshape %{{.*}} : (tensor<8x64xf32>) -> tensor<8x4x16xf32>
// CHECK-NEXT: return
func.func @reshape(%x: tensor<16x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {}]>}) -> tensor<16x4x16xf32> {
  %y = kiln.reshape %x : (tensor<16x64xf32>) -> tensor<16x4x16xf32>
  return %y : tensor<16x4x16xf32>
}

// The reshard table, from rows over "model" (4x64 blocks): requested
// gathers draw no warning.
// CHECK-LABEL: func @table
// CHECK-SAME: (%[[T:.*]]: tensor<4x64xf32>
// CHECK-DAG: %[[ALL:.*]] = shard.all_gather %[[T]] on @mesh_grid grid_axes = [1] gather_axis = 0 : tensor<4x64xf32> -> tensor<16x64xf32>
// CHECK-DAG: %[[MOVE:.*]] = shard.all_to_all %[[T]] on @mesh_grid grid_axes = [1] split_axis = 1 concat_axis = 0 : tensor<4x64xf32> -> tensor<16x16xf32>
// CHECK-DAG: %[[FINER:.*]] = shard.all_slice %[[T]] on @mesh_grid grid_axes = [0] slice_axis = 0 : tensor<4x64xf32> -> tensor<2x64xf32>
// CHECK: return %[[ALL]], %[[MOVE]], %[[FINER]]
func.func @table(%x: tensor<16x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"model"}, {}]>}) -> (tensor<16x64xf32>, tensor<16x64xf32>, tensor<16x64xf32>) {
  %a = kiln.sharding_constraint %x <@mesh, [{}, {}]> : tensor<16x64xf32>
  %b = kiln.sharding_constraint %x <@mesh, [{}, {"model"}]> : tensor<16x64xf32>
  %c = kiln.sharding_constraint %x <@mesh, [{"model", "data"}, {}]> : tensor<16x64xf32>
  return %a, %b, %c : tensor<16x64xf32>, tensor<16x64xf32>, tensor<16x64xf32>
}

// A 3x3 convolution with rows over "model": each 4-row block is padded by
// one row on each side and the pads filled from the neighbours; the
// convolution then pads only the columns.
// CHECK-LABEL: func @conv_halo
// CHECK: %[[PAD:.*]] = kiln.pad %{{.*}} low = [0, 0, 1, 0] high = [0, 0, 1, 0] value = 0.000000e+00 : f32 : (tensor<1x8x4x16xf32>) -> tensor<1x8x6x16xf32>
// CHECK-NEXT: %[[HALO:.*]] = shard.update_halo %[[PAD]] on @mesh_grid split_axes = {{\[}}[], [], [1]] halo_sizes = [1, 1] : tensor<1x8x6x16xf32>
// CHECK-NEXT: kiln.conv2d %[[HALO]], %{{.*}} strides = [1, 1] padding = [0, 1, 0, 1] {{.*}} -> tensor<1x8x4x16xf32>
// CHECK-NOT: shard.
func.func @conv_halo(%x: tensor<1x8x16x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {}, {"model"}, {}]>}, %w: tensor<8x8x3x3xf32>) -> tensor<1x8x16x16xf32> {
  %y = kiln.conv2d %x, %w strides = [1, 1] padding = [1, 1, 1, 1] dilations = [1, 1] groups = 1 : (tensor<1x8x16x16xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x16x16xf32>
  return %y : tensor<1x8x16x16xf32>
}

// 7 rows over 4 devices: blocks of 2, the last holding one padding row.
// Elementwise ops run on the padding; sums and maxima over the rows mask
// it with 0 and -inf first; a whole-tensor result cuts it off.
// CHECK-LABEL: func @uneven
// CHECK-SAME: (%[[U:.*]]: tensor<2x8xf32>
// CHECK: %[[E:.*]] = kiln.exp %[[U]] : tensor<2x8xf32>
// CHECK: %[[MASK:.*]] = kiln.constant dense<{{\[}}[true], [true], [true], [true], [true], [true], [true], [false]]> : tensor<8x1xi1>
// CHECK-NEXT: %[[LOCALMASK:.*]] = shard.all_slice %[[MASK]] on @mesh_grid grid_axes = [1] slice_axis = 0 : tensor<8x1xi1> -> tensor<2x1xi1>
// CHECK-NEXT: %[[ZERO:.*]] = kiln.constant dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT: %[[MASKED:.*]] = kiln.select %[[LOCALMASK]], %[[E]], %[[ZERO]]
// CHECK-NEXT: %[[SUM:.*]] = kiln.reduce_sum %[[MASKED]] dims = [0] : (tensor<2x8xf32>) -> tensor<8xf32>
// CHECK-NEXT: shard.all_reduce %[[SUM]] on @mesh_grid grid_axes = [1] : tensor<8xf32> -> tensor<8xf32>
// CHECK: %[[NEGINF:.*]] = kiln.constant dense<0xFF800000> : tensor<f32>
// CHECK-NEXT: kiln.select %{{.*}}, %[[E]], %[[NEGINF]]
// CHECK-NEXT: %[[MAX:.*]] = kiln.reduce_max
// CHECK-NEXT: shard.all_reduce %[[MAX]] on @mesh_grid grid_axes = [1] reduction = max
// CHECK: %[[WHOLE:.*]] = shard.all_gather %[[E]] on @mesh_grid grid_axes = [1] gather_axis = 0 : tensor<2x8xf32> -> tensor<8x8xf32>
// CHECK-NEXT: %[[CUT:.*]] = kiln.slice %[[WHOLE]] [0:7:1, 0:8:1] : (tensor<8x8xf32>) -> tensor<7x8xf32>
// CHECK-NEXT: return {{.*}}, %[[CUT]]
func.func @uneven(%x: tensor<7x8xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"model"}, {}]>}) -> (tensor<8xf32>, tensor<8xf32>, tensor<7x8xf32>) {
  %e = kiln.exp %x : tensor<7x8xf32>
  %s = kiln.reduce_sum %e dims = [0] : (tensor<7x8xf32>) -> tensor<8xf32>
  %m = kiln.reduce_max %e dims = [0] : (tensor<7x8xf32>) -> tensor<8xf32>
  %w = kiln.sharding_constraint %e <@mesh, [{}, {}]> : tensor<7x8xf32>
  return %s, %m, %w : tensor<8xf32>, tensor<8xf32>, tensor<7x8xf32>
}

// Slicing a whole uneven dim pads it first.
// CHECK-LABEL: func @uneven_slice
// CHECK: %[[P:.*]] = kiln.pad %{{.*}} low = [0, 0] high = [1, 0] {{.*}} -> tensor<8x8xf32>
// CHECK-NEXT: shard.all_slice %[[P]] on @mesh_grid grid_axes = [1] slice_axis = 0 : tensor<8x8xf32> -> tensor<2x8xf32>
func.func @uneven_slice(%x: tensor<7x8xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {}]>}) -> (tensor<7x8xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"model"}, {}]>}) {
  %y = kiln.sharding_constraint %x <@mesh, [{"model"}, {}]> : tensor<7x8xf32>
  return %y : tensor<7x8xf32>
}

// A softmax over a split dim gathers it, with a warning and its cost.
// WARN: warning: 'kiln.softmax' needs dim 1 of a 'tensor<16x64xf32>' operand whole: gathering it from #kiln.sharding<@mesh, [{}, {"model"}]> costs 3.0 KiB per device
// WARN-NOT: warning
// CHECK-LABEL: func @softmax
// CHECK: shard.all_gather {{.*}} gather_axis = 1 : tensor<16x16xf32> -> tensor<16x64xf32>
func.func @softmax(%x: tensor<16x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"model"}]>}) -> tensor<16x64xf32> {
  %y = kiln.softmax %x dim = 1 : tensor<16x64xf32>
  return %y : tensor<16x64xf32>
}

// A manual region: its in_shardings reach the arguments (so the operands
// arrive as blocks, no reshard), its body is copied as it is, and its
// partial sums are all-reduced where tanh needs them whole.
// CHECK-LABEL: func.func @manual
// CHECK-SAME: %arg0: tensor<4x4xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {"model"}]>}
// CHECK-SAME: %arg1: tensor<4x8xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"model"}, {}]>}
// CHECK-NEXT: %[[P:.*]] = kiln.dot %arg0, %arg1, {{.*}} -> tensor<4x8xf32>
// CHECK-NEXT: %[[R:.*]] = shard.all_reduce %[[P]] on @mesh_grid grid_axes = [1] : tensor<4x8xf32> -> tensor<4x8xf32>
// CHECK-NEXT: kiln.tanh %[[R]] : tensor<4x8xf32>
// CHECK-NOT: kiln.manual_computation
func.func @manual(%x: tensor<8x16xf32>, %w: tensor<16x8xf32>) -> tensor<8x8xf32> {
  %y = kiln.manual_computation(%x, %w) in_shardings = [<@mesh, [{"data"}, {"model"}]>, <@mesh, [{"model"}, {}]>] out_shardings = [<@mesh, [{"data"}, {}], unreduced={"model"}>] {
  ^bb0(%lx: tensor<4x4xf32>, %lw: tensor<4x8xf32>):
    %p = kiln.dot %lx, %lw, <batch = [] x [], contract = [1] x [0]> : (tensor<4x4xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    kiln.yield %p : tensor<4x8xf32>
  } : (tensor<8x16xf32>, tensor<16x8xf32>) -> tensor<8x8xf32>
  %t = kiln.tanh %y : tensor<8x8xf32>
  return %t : tensor<8x8xf32>
}

// Reordered axes move whole blocks: device (d, m) holds block 4d + m and
// needs block 2m + d, so its source is the device holding that one.
// CHECK-LABEL: func.func @permute
// CHECK: kiln.collective_permute %arg0 on @mesh_grid sources = [0, 2, 4, 6, 1, 3, 5, 7] : tensor<1x12xf32>
// CHECK-NOT: shard.all_gather
func.func @permute(%x: tensor<8x12xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data", "model"}, {}]>}) -> (tensor<8x12xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"model", "data"}, {}]>}) {
  %a = kiln.sharding_constraint %x <@mesh, [{"model", "data"}, {}]> : tensor<8x12xf32>
  %n = kiln.neg %a : tensor<8x12xf32>
  return %n : tensor<8x12xf32>
}
