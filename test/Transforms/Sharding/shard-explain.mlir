// The explain report: where each sharding came from, the conflicts
// settled, and every collective the partitioned program needs with its
// bytes per device (hand-derived from the block sizes; the default cost
// model is 10 us + bytes / 10 GB/s per step along an axis).
// RUN: kiln-opt %s --kiln-shard-explain -split-input-file -o /dev/null 2>&1 | FileCheck %s

kiln.mesh @mesh = <["data"=2, "model"=4]>

// Megatron MLP: one all-reduce over "model" after the second matmul
// (its 8x64 f32 block is 2 KiB; a ring all-reduce sends 2 * 3/4 of it).
// CHECK-LABEL: kiln shard explain: @megatron_mlp on @mesh ["data"=2, "model"=4]
// CHECK: %arg2 (argument 2) : tensor<256x64xf32> [{"model"}, {}], 16.00 KiB per device
// CHECK-NEXT: dim 0 {"model"}: backward from the annotation of %arg1 through 'kiln.dot'
// CHECK: %0 = kiln.dot ({{.*}}) : tensor<16x256xf32> [{"data"}, {"model"}], 2.00 KiB per device
// CHECK-NEXT: dim 0 {"data"}: forward from the annotation of %arg0 through 'kiln.dot'
// CHECK-NEXT: dim 1 {"model"}: forward from the annotation of %arg1 through 'kiln.dot'
// CHECK: conflicts: none
// CHECK: communication (per device):
// CHECK-NEXT: 'kiln.dot' result %2: [{"data"}, {}] unreduced={"model"} -> [{"data"}, {}]: all-reduce over "model" (3.0 KiB)
// CHECK-NEXT: total: 1 collective, 3.00 KiB and
func.func @megatron_mlp(%x: tensor<16x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {}]>},
                        %w1: tensor<64x256xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"model"}]>},
                        %w2: tensor<256x64xf32>) -> tensor<16x64xf32> {
  %h = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<16x64xf32>, tensor<64x256xf32>) -> tensor<16x256xf32>
  %a = kiln.relu %h : tensor<16x256xf32>
  %y = kiln.dot %a, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<16x256xf32>, tensor<256x64xf32>) -> tensor<16x64xf32>
  return %y : tensor<16x64xf32>
}

// -----

kiln.mesh @mesh = <["data"=2, "model"=4]>

// Data-parallel training step, written out by hand: no forward
// collective; the weight gradient (contracted over the batch) needs one
// all-reduce, and so does the mean loss.
// CHECK-LABEL: kiln shard explain: @data_parallel_step
// CHECK: communication (per device):
// CHECK-NEXT: 'kiln.mse' result %1: [] unreduced={"data"} -> []: all-reduce over "data" (4 B)
// CHECK-NEXT: 'kiln.dot' result %3: [{}, {}] unreduced={"data"} -> [{}, {}]: all-reduce over "data" (128 B)
// CHECK-NEXT: total: 2 collectives, 132 B and
func.func @data_parallel_step(%x: tensor<16x8xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {}]>},
                              %t: tensor<16x4xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {}]>},
                              %w: tensor<8x4xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {}]>}) -> (tensor<f32>, tensor<8x4xf32>) {
  %y = kiln.dot %x, %w, <batch = [] x [], contract = [1] x [0]> : (tensor<16x8xf32>, tensor<8x4xf32>) -> tensor<16x4xf32>
  %loss = kiln.mse %y, %t : (tensor<16x4xf32>, tensor<16x4xf32>) -> tensor<f32>
  %d = kiln.sub %y, %t : tensor<16x4xf32>
  %dw = kiln.dot %x, %d, <batch = [] x [], contract = [0] x [0]> : (tensor<16x8xf32>, tensor<16x4xf32>) -> tensor<8x4xf32>
  %w2 = kiln.sub %w, %dw : tensor<8x4xf32>
  return %loss, %w2 : tensor<f32>, tensor<8x4xf32>
}

// -----

kiln.mesh @mesh = <["x"=2, "y"=2]>

// A contracting dim split over "x" (propagation splits the rhs rows to
// match): the partial 8x4 f32 sums (128 B) are all-reduced (a ring over 2
// sends 2 x 1/2 of them). When the result stays split over "x" (so the
// rhs is left whole and sliced locally) and it is the small side, one
// reduce-scatter (1/2 of the block) beats moving the 8x1024 operand.
// CHECK-LABEL: kiln shard explain: @contracting_all_reduce
// CHECK: %arg1 (argument 1) : tensor<1024x4xf32> [{"x"}, {}]
// CHECK: communication (per device):
// CHECK-NEXT: 'kiln.dot' result %0: [{}, {}] unreduced={"x"} -> [{}, {}]: all-reduce over "x" (128 B)
// CHECK-LABEL: kiln shard explain: @contracting_reduce_scatter
// CHECK: communication (per device):
// CHECK-NEXT: 'kiln.dot' operand 1 (%arg1): [{}, {}] -> [{"x"}, {}]: local slice dim 0 over "x"{{$}}
// CHECK-NEXT: 'kiln.dot' result %0: [{}, {}] unreduced={"x"} -> [{"x"}, {}]: reduce-scatter dim 0 over "x" (64 B)
// CHECK-NEXT: total: 1 collective, 64 B and
func.func @contracting_all_reduce(%a: tensor<8x1024xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"x"}]>}, %b: tensor<1024x4xf32>) -> tensor<8x4xf32> {
  %0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [0]> : (tensor<8x1024xf32>, tensor<1024x4xf32>) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}
func.func @contracting_reduce_scatter(%a: tensor<8x1024xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"x"}]>}, %b: tensor<1024x4xf32>) -> tensor<8x4xf32> {
  %0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [0]> : (tensor<8x1024xf32>, tensor<1024x4xf32>) -> tensor<8x4xf32>
  %1 = kiln.sharding_constraint %0 <@mesh, [{"x"}, {}]> : tensor<8x4xf32>
  return %1 : tensor<8x4xf32>
}

// -----

kiln.mesh @mesh = <["x"=2, "y"=2]>

// The reshard table, from an 8x16 f32 tensor split over "x" by rows (a
// 256-byte block): gather, move between dims, slice without
// communication, swap axes, reorder axes, and start a partial sum.
// CHECK-LABEL: kiln shard explain: @reshard_table
// CHECK: communication (per device):
// CHECK-NEXT: [{"x"}, {}] -> [{}, {}]: all-gather dim 0 over "x" (256 B)
// CHECK-NEXT: [{"x"}, {}] -> [{}, {"x"}]: all-to-all dim 0->1 over "x" (128 B)
// CHECK-NEXT: [{"x"}, {}] -> [{"x", "y"}, {}]: local slice dim 0 over "y"{{$}}
// CHECK-NEXT: [{"x"}, {}] -> [{"y"}, {}]: collective-permute dim 0 over "x" (256 B)
// CHECK-NEXT: [{"x", "y"}, {}] -> [{"y", "x"}, {}]: collective-permute dim 0 over "x" (128 B)
// CHECK-NEXT: [{"x"}, {}] -> [{"x"}, {}] unreduced={"y"}: local slice over "y"{{$}}
// CHECK-NEXT: total: 4 collectives, 768 B and
func.func @reshard_table(%a: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x"}, {}]>},
                         %b: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x", "y"}, {}]>}) {
  %0 = kiln.sharding_constraint %a <@mesh, [{}, {}]> : tensor<8x16xf32>
  %1 = kiln.sharding_constraint %a <@mesh, [{}, {"x"}]> : tensor<8x16xf32>
  %2 = kiln.sharding_constraint %a <@mesh, [{"x", "y"}, {}]> : tensor<8x16xf32>
  %3 = kiln.sharding_constraint %a <@mesh, [{"y"}, {}]> : tensor<8x16xf32>
  %4 = kiln.sharding_constraint %b <@mesh, [{"y", "x"}, {}]> : tensor<8x16xf32>
  %5 = kiln.sharding_constraint %a <@mesh, [{"x"}, {}], unreduced={"y"}> : tensor<8x16xf32>
  return
}

// -----

kiln.mesh @mesh = <["x"=2, "y"=2]>

// A reshape that merges or splits dims along the factors moves nothing.
// CHECK-LABEL: kiln shard explain: @reshape_without_communication
// CHECK: communication (per device):
// CHECK-NEXT: total: 0 collectives, 0 B and
func.func @reshape_without_communication(%a: tensor<8x6xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x", "y"}, {}]>}) -> tensor<2x4x6xf32> {
  %0 = kiln.reshape %a : (tensor<8x6xf32>) -> tensor<48xf32>
  %1 = kiln.reshape %0 : (tensor<48xf32>) -> tensor<2x4x6xf32>
  return %1 : tensor<2x4x6xf32>
}

// -----

kiln.mesh @mesh = <["data"=2, "model"=4]>

// Convolution rows split four ways: a 3x3 kernel needs 2 rows of halo,
// 2 x (3 channels x 32 columns x 4 B) x the 2 images of a block.
// CHECK-LABEL: kiln shard explain: @conv_halo
// CHECK: 'kiln.conv2d' halo exchange of 2 rows of dim 2 with the neighbours over {"model"} (1.50 KiB)
func.func @conv_halo(%x: tensor<4x3x32x32xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {}, {"model"}, {}]>},
                     %w: tensor<16x3x3x3xf32>) -> tensor<4x16x32x32xf32> {
  %0 = kiln.conv2d %x, %w strides = [1, 1] padding = [1, 1, 1, 1] dilations = [1, 1] groups = 1 : (tensor<4x3x32x32xf32>, tensor<16x3x3x3xf32>) -> tensor<4x16x32x32xf32>
  return %0 : tensor<4x16x32x32xf32>
}

// -----

kiln.mesh @mesh = <["x"=2, "y"=4]>

// Conflicts are listed with the cost of each choice.
// CHECK-LABEL: kiln shard explain: @conflict
// CHECK: conflicts:
// CHECK-NEXT: 'kiln.add': {"x"} from %arg0 dim 0 vs {"y"} from %arg1 dim 0; kept {"y"}, resharding the others costs 10.01 us (the other choices: 30.02 us)
func.func @conflict(%a: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x"}, {}]>},
                    %b: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"y"}, {}]>}) -> tensor<8x16xf32> {
  %0 = kiln.add %a, %b : tensor<8x16xf32>
  return %0 : tensor<8x16xf32>
}
