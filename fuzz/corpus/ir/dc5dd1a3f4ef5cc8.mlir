kiln.mesh @mesh = <["x"=2]>
func.func @bad_keyword(%a: tensor<4xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}], partial={"x"}>}) {
  return
}
