shard.grid @grid(shape = 2x2)
func.func @permute_count(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.collective_permute %a on @grid sources = [1, 0] : tensor<4xf32>
  return %0 : tensor<4xf32>
}
