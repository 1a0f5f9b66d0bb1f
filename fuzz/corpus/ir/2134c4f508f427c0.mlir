shard.grid @grid(shape = 2x4)

func.func @mlp(%x: tensor<16x64xf32>, %w: tensor<64x256xf32>) -> tensor<16x256xf32> {
  %s0 = shard.sharding @grid split_axes = [[0]] : !shard.sharding
  %x0 = shard.shard %x to %s0 : tensor<16x64xf32>
  %s1 = shard.sharding @grid split_axes = [[], [1]] : !shard.sharding
  %w0 = shard.shard %w to %s1 annotate_for_users : tensor<64x256xf32>
  %h = kiln.dot %x0, %w0, <batch = [] x [], contract = [1] x [0]> : (tensor<16x64xf32>, tensor<64x256xf32>) -> tensor<16x256xf32>
  return %h : tensor<16x256xf32>
}
