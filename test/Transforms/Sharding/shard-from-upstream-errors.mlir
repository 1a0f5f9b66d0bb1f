// What the upstream import refuses, with the place.
// RUN: kiln-opt %s --kiln-shard-from-upstream -split-input-file -verify-diagnostics

shard.grid @grid(shape = 4)
func.func @halo(%x: tensor<16xf32>) -> tensor<16xf32> {
  // expected-error @+1 {{cannot import explicit halo sizes or shard offsets}}
  %s = shard.sharding @grid split_axes = [[0]] halo_sizes = [1, 1] : !shard.sharding
  %0 = shard.shard %x to %s : tensor<16xf32>
  return %0 : tensor<16xf32>
}

// -----

// expected-error @+1 {{cannot import grid @grid: upstream shard ops other than annotations still use it}}
shard.grid @grid(shape = 4)
func.func @collective(%x: tensor<16xf32>) -> tensor<16xf32> {
  %0 = shard.all_reduce %x on @grid grid_axes = [0] : tensor<16xf32> -> tensor<16xf32>
  return %0 : tensor<16xf32>
}
