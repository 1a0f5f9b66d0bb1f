kiln.mesh @mesh = <["x"=2]>
func.func @bad_priority(%a: tensor<4xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x"}q1]>}) {
  return
}
