kiln.mesh @mesh = <["x"=2, "y"=2]>
func.func @axis_split_and_unreduced(%a: tensor<4xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"y"}], unreduced={"y"}>}) {
  return
}
