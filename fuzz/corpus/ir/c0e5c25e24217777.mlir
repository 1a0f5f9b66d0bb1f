kiln.mesh @mesh = <["data"=2, "model"=4]>

func.func @embedding(%t: tensor<512x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"model"}]>},
                     %ids: tensor<2x16xi64> {kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {}]>}) -> tensor<2x16x64xf32> {
  %0 = kiln.gather %t[%ids] axis = 0 : (tensor<512x64xf32>, tensor<2x16xi64>) -> tensor<2x16x64xf32>
  return %0 : tensor<2x16x64xf32>
}
