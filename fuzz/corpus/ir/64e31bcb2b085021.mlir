kiln.mesh @mesh = <["x"=2, "y"=2]>
func.func @axis_twice(%a: tensor<4x4xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x"}, {"y", "x"}]>}) {
  return
}
