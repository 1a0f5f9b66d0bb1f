kiln.mesh @mesh = <["x"=2]>
func.func @unknown_axis(%a: tensor<4xf32>) -> (tensor<4xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"z"}]>}) {
  return %a : tensor<4xf32>
}
