kiln.mesh @mesh = <["data"=2, "model"=4]>

func.func @attention_heads(%q: tensor<2x8x16x32xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {"model"}, {?}, {?}]>},
                           %k: tensor<2x8x16x32xf32>, %v: tensor<2x8x16x32xf32>) -> tensor<2x8x16x32xf32> {
  %0 = kiln.attention %q, %k, %v causal : (tensor<2x8x16x32xf32>, tensor<2x8x16x32xf32>, tensor<2x8x16x32xf32>) -> tensor<2x8x16x32xf32>
  return %0 : tensor<2x8x16x32xf32>
}
