kiln.mesh @mesh = <["x"=2]>
func.func @wrong_rank(%a: tensor<4x4xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x"}]>}) {
  return
}
