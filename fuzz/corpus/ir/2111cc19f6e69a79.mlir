kiln.mesh @mesh = <["x"=2]>
func.func @not_a_sharding(%a: tensor<4xf32> {kiln.sharding = 3 : i64}) {
  return
}
