kiln.mesh @mesh = <["data"=2, "model"=4]>

func.func @attention_grouped(%q: tensor<1x8x16x32xf32>,
                             %k: tensor<1x2x16x32xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"data"}, {}, {}]>},
                             %v: tensor<1x2x16x32xf32>) -> tensor<1x8x16x32xf32> {
  %0 = kiln.attention %q, %k, %v : (tensor<1x8x16x32xf32>, tensor<1x2x16x32xf32>, tensor<1x2x16x32xf32>) -> tensor<1x8x16x32xf32>
  return %0 : tensor<1x8x16x32xf32>
}
