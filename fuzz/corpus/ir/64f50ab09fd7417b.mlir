shard.grid @grid(shape = 2)
func.func @permute_not_permutation(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.collective_permute %a on @grid sources = [1, 1] : tensor<4xf32>
  return %0 : tensor<4xf32>
}
