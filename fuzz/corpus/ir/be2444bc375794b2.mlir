func.func @attention(%q: tensor<1x8x6x16xf32>, %k: tensor<1x2x10x16xf32>, %v: tensor<1x2x10x8xf32>) -> tensor<1x8x6x8xf32> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<1x8x6x16xf32>, tensor<1x2x10x16xf32>, tensor<1x2x10x8xf32>) -> tensor<1x8x6x8xf32>
  return %0 : tensor<1x8x6x8xf32>
}
