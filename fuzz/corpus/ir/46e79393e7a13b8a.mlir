kiln.mesh @mesh = <["x"=2, "y"=2]>

func.func @reshard_table(%a: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x"}, {}]>},
                         %b: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x", "y"}, {}]>}) {
  %0 = kiln.sharding_constraint %a <@mesh, [{}, {}]> : tensor<8x16xf32>
  %1 = kiln.sharding_constraint %a <@mesh, [{}, {"x"}]> : tensor<8x16xf32>
  %2 = kiln.sharding_constraint %a <@mesh, [{"x", "y"}, {}]> : tensor<8x16xf32>
  %3 = kiln.sharding_constraint %a <@mesh, [{"y"}, {}]> : tensor<8x16xf32>
  %4 = kiln.sharding_constraint %b <@mesh, [{"y", "x"}, {}]> : tensor<8x16xf32>
  %5 = kiln.sharding_constraint %a <@mesh, [{"x"}, {}], unreduced={"y"}> : tensor<8x16xf32>
  return
}
