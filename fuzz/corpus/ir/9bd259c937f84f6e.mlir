kiln.mesh @mesh = <["x"=2, "y"=4]>

func.func @closed_open_constraint(%a: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x"}, {}]>},
                                  %b: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x", ?}, {?}]>}) -> tensor<8x16xf32> {
  %0 = kiln.sub %a, %b : tensor<8x16xf32>
  %1 = kiln.sharding_constraint %0 <@mesh, [{"x"}, {"y"}]> : tensor<8x16xf32>
  %2 = kiln.exp %1 : tensor<8x16xf32>
  return %2 : tensor<8x16xf32>
}
