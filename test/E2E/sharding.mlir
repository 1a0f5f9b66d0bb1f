// Partitioned models on 2 and 4 MPI processes write the single-device
// outputs: kiln-compile partitions a model with a kiln.mesh, the collectives
// run over OpenMPI, and the outputs are compared with numpy/torch.

// RUN: %e2e %s --compile --mpi 4 --entry megatron --inputs "8x16xf32, 16x32xf32:-0.25..0.25, 32x16xf32:-0.18..0.18" --ref "F.gelu(t0 @ t1) @ t2"
// RUN: %e2e %s --compile --mpi 2 --entry data_parallel --inputs "8x16xf32, 16x32xf32:-0.25..0.25, 32x4xf32:-0.18..0.18" --ref "torch.relu(t0 @ t1) @ t2"
// RUN: %e2e %s --compile --mpi 4 --entry reduce_scatter --inputs "8x16xf32, 16x8xf32" --ref "torch.tanh(t0 @ t1)"
// RUN: %e2e %s --compile --mpi 4 --entry reshards --inputs "8x12xf32" --ref "(t0 * 2, t0 + 1, t0 - 3)"
// RUN: %e2e %s --compile --mpi 4 --entry conv_halo --inputs "2x3x16x8xf32, 4x3x3x3xf32:-0.3..0.3" --ref "F.conv2d(t0, t1, padding=1)"
// RUN: %e2e %s --compile --mpi 4 --entry uneven --inputs "7x5xf32" --ref "(torch.exp(t0).sum(0), torch.exp(t0).amax(0), torch.exp(t0))"
// RUN: %e2e %s --compile --mpi 2 --entry softmax_gather --inputs "4x8xf32" --ref "torch.softmax(t0, 1)"
// RUN: %e2e %s --compile --mpi 4 --entry permutes --inputs "8x12xf32" --ref "(t0 + 1, (t0 + 1) ** 2)"
// RUN: %e2e %s --compile --mpi 4 --entry manual_partial --inputs "8x16xf32, 16x8xf32" --ref "torch.tanh(t0 @ t1)"
// RUN: %e2e %s --compile --mpi 4 --entry manual_collective --inputs "8x16xf32, 16x8xf32" --ref "(t0 @ t1) * 2"
// RUN: %e2e %s --compile --mpi 4 --entry attention_heads --inputs "2x4x8x16xf32, 2x4x8x16xf32, 2x4x8x16xf32" --ref "torch.softmax(t0 @ t1.transpose(-1, -2) * 0.25, -1) @ t2"
// RUN: %e2e %s --compile --mpi 4 --entry attention_heads_grad --inputs "2x4x8x16xf32, 2x4x8x16xf32, 2x4x8x16xf32, 2x4x8x16xf32" --prelude %S/Inputs/attention_reference.py --ref "sdpa_grad(t0, t1, t2, t3, scale=0.25, causal=True)"

kiln.mesh @mesh22 = <["data"=2, "model"=2]>
kiln.mesh @data2 = <["data"=2]>
kiln.mesh @model4 = <["model"=4]>

// Tensor parallelism: one all-reduce for the pair of layers.
func.func @megatron(%x: tensor<8x16xf32>, %w1: tensor<16x32xf32> {kiln.sharding = #kiln.sharding<@mesh22, [{}, {"model"}]>}, %w2: tensor<32x16xf32> {kiln.sharding = #kiln.sharding<@mesh22, [{"model"}, {}]>}) -> tensor<8x16xf32> {
  %h = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  %g = kiln.gelu %h : tensor<8x32xf32>
  %y = kiln.dot %g, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<8x32xf32>, tensor<32x16xf32>) -> tensor<8x16xf32>
  return %y : tensor<8x16xf32>
}

// Data parallelism: each process its 4 rows.
func.func @data_parallel(%x: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@data2, [{"data"}, {}]>}, %w1: tensor<16x32xf32>, %w2: tensor<32x4xf32>) -> tensor<8x4xf32> {
  %h = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  %r = kiln.relu %h : tensor<8x32xf32>
  %y = kiln.dot %r, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<8x32xf32>, tensor<32x4xf32>) -> tensor<8x4xf32>
  return %y : tensor<8x4xf32>
}

// A split contracting dim whose result stays split by rows.
func.func @reduce_scatter(%x: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@model4, [{}, {"model"}]>}, %w: tensor<16x8xf32> {kiln.sharding = #kiln.sharding<@model4, [{"model"}, {}]>}) -> tensor<8x8xf32> {
  %y = kiln.dot %x, %w, <batch = [] x [], contract = [1] x [0]> : (tensor<8x16xf32>, tensor<16x8xf32>) -> tensor<8x8xf32>
  %c = kiln.sharding_constraint %y <@model4, [{}, {"model"}]> : tensor<8x8xf32>
  %t = kiln.tanh %c : tensor<8x8xf32>
  return %t : tensor<8x8xf32>
}

// All-gather, all-to-all and local slices between constraints.
func.func @reshards(%x: tensor<8x12xf32> {kiln.sharding = #kiln.sharding<@mesh22, [{"model"}, {}]>}) -> (tensor<8x12xf32>, tensor<8x12xf32>, tensor<8x12xf32>) {
  %two = kiln.constant dense<2.0> : tensor<f32>
  %one = kiln.constant dense<1.0> : tensor<f32>
  %three = kiln.constant dense<3.0> : tensor<f32>
  %a = kiln.sharding_constraint %x <@mesh22, [{}, {"model"}]> : tensor<8x12xf32>
  %a2 = kiln.mul %a, %two : (tensor<8x12xf32>, tensor<f32>) -> tensor<8x12xf32>
  %b = kiln.sharding_constraint %x <@mesh22, [{"model", "data"}, {}]> : tensor<8x12xf32>
  %b2 = kiln.add %b, %one : (tensor<8x12xf32>, tensor<f32>) -> tensor<8x12xf32>
  %c = kiln.sharding_constraint %x <@mesh22, [{"data"}, {"model"}]> : tensor<8x12xf32>
  %c2 = kiln.sub %c, %three : (tensor<8x12xf32>, tensor<f32>) -> tensor<8x12xf32>
  return %a2, %b2, %c2 : tensor<8x12xf32>, tensor<8x12xf32>, tensor<8x12xf32>
}

// Rows of the image over 4 processes: a one-row halo each way.
func.func @conv_halo(%x: tensor<2x3x16x8xf32> {kiln.sharding = #kiln.sharding<@model4, [{}, {}, {"model"}, {}]>}, %w: tensor<4x3x3x3xf32>) -> tensor<2x4x16x8xf32> {
  %y = kiln.conv2d %x, %w strides = [1, 1] padding = [1, 1, 1, 1] dilations = [1, 1] groups = 1 : (tensor<2x3x16x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x16x8xf32>
  return %y : tensor<2x4x16x8xf32>
}

// 7 rows over 4 processes: padded blocks, masked reductions.
func.func @uneven(%x: tensor<7x5xf32> {kiln.sharding = #kiln.sharding<@model4, [{"model"}, {}]>}) -> (tensor<5xf32>, tensor<5xf32>, tensor<7x5xf32>) {
  %e = kiln.exp %x : tensor<7x5xf32>
  %s = kiln.reduce_sum %e dims = [0] : (tensor<7x5xf32>) -> tensor<5xf32>
  %m = kiln.reduce_max %e dims = [0] : (tensor<7x5xf32>) -> tensor<5xf32>
  return %s, %m, %e : tensor<5xf32>, tensor<5xf32>, tensor<7x5xf32>
}

// A softmax over a split dim: gathered (with a warning at compile time).
func.func @softmax_gather(%x: tensor<4x8xf32> {kiln.sharding = #kiln.sharding<@data2, [{}, {"data"}]>}) -> tensor<4x8xf32> {
  %y = kiln.softmax %x dim = 1 : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// Attention with its heads over 4 processes: no communication until the
// outputs are gathered.
func.func @attention_heads(%q: tensor<2x4x8x16xf32> {kiln.sharding = #kiln.sharding<@model4, [{}, {"model"}, {}, {}]>}, %k: tensor<2x4x8x16xf32>, %v: tensor<2x4x8x16xf32>) -> tensor<2x4x8x16xf32> {
  %o = kiln.attention %q, %k, %v scale = 2.500000e-01 : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>) -> tensor<2x4x8x16xf32>
  return %o : tensor<2x4x8x16xf32>
}

// Its backward (FlashAttention-2's, from the saved log-sum-exp) with the
// heads over 4 processes: the heads pass through both ops.
func.func @attention_heads_grad(%q: tensor<2x4x8x16xf32> {kiln.sharding = #kiln.sharding<@model4, [{}, {"model"}, {}, {}]>}, %k: tensor<2x4x8x16xf32>, %v: tensor<2x4x8x16xf32>, %g: tensor<2x4x8x16xf32>) -> (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>) {
  %o, %lse = kiln.attention_lse %q, %k, %v scale = 2.500000e-01 causal : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>) -> (tensor<2x4x8x16xf32>, tensor<2x4x8xf32>)
  %dq, %dk, %dv = kiln.attention_grad %q, %k, %v, %o, %lse, %g scale = 2.500000e-01 causal : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8xf32>, tensor<2x4x8x16xf32>) -> (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>)
  return %dq, %dk, %dv : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>
}

// Manual regions: per-device code on local blocks. Partial sums left
// unreduced, reduced by the partitioner where tanh needs whole values...
func.func @manual_partial(%x: tensor<8x16xf32>, %w: tensor<16x8xf32>) -> tensor<8x8xf32> {
  %y = kiln.manual_computation(%x, %w) in_shardings = [<@mesh22, [{"data"}, {"model"}]>, <@mesh22, [{"model"}, {}]>] out_shardings = [<@mesh22, [{"data"}, {}], unreduced={"model"}>] {
  ^bb0(%lx: tensor<4x8xf32>, %lw: tensor<8x8xf32>):
    %p = kiln.dot %lx, %lw, <batch = [] x [], contract = [1] x [0]> : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
    kiln.yield %p : tensor<4x8xf32>
  } : (tensor<8x16xf32>, tensor<16x8xf32>) -> tensor<8x8xf32>
  %t = kiln.tanh %y : tensor<8x8xf32>
  return %t : tensor<8x8xf32>
}

// ...and reduced by the region itself with an upstream collective on the
// grid that mirrors the mesh (@<mesh>_grid).
shard.grid @mesh22_grid(shape = 2x2)
func.func @manual_collective(%x: tensor<8x16xf32>, %w: tensor<16x8xf32>) -> tensor<8x8xf32> {
  %y = kiln.manual_computation(%x, %w) in_shardings = [<@mesh22, [{"data"}, {"model"}]>, <@mesh22, [{"model"}, {}]>] out_shardings = [<@mesh22, [{"data"}, {}]>] {
  ^bb0(%lx: tensor<4x8xf32>, %lw: tensor<8x8xf32>):
    %p = kiln.dot %lx, %lw, <batch = [] x [], contract = [1] x [0]> : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
    %s = shard.all_reduce %p on @mesh22_grid grid_axes = [1] : tensor<4x8xf32> -> tensor<4x8xf32>
    %d = kiln.add %s, %s : tensor<4x8xf32>
    kiln.yield %d : tensor<4x8xf32>
  } : (tensor<8x16xf32>, tensor<16x8xf32>) -> tensor<8x8xf32>
  return %y : tensor<8x8xf32>
}

// Blocks that only change devices: axes reordered within a dim, and one
// axis swapped for another of the same size (collective-permutes).
func.func @permutes(%x: tensor<8x12xf32> {kiln.sharding = #kiln.sharding<@mesh22, [{"data", "model"}, {}]>}) -> (tensor<8x12xf32>, tensor<8x12xf32>) {
  %one = kiln.constant dense<1.0> : tensor<f32>
  %a = kiln.sharding_constraint %x <@mesh22, [{"model", "data"}, {}]> : tensor<8x12xf32>
  %a2 = kiln.add %a, %one : (tensor<8x12xf32>, tensor<f32>) -> tensor<8x12xf32>
  %b = kiln.sharding_constraint %a2 <@mesh22, [{"data"}, {}]> : tensor<8x12xf32>
  %c = kiln.sharding_constraint %b <@mesh22, [{"model"}, {}]> : tensor<8x12xf32>
  %c2 = kiln.mul %c, %c : tensor<8x12xf32>
  return %a2, %c2 : tensor<8x12xf32>, tensor<8x12xf32>
}
