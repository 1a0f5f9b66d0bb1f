kiln.mesh @mesh = <["x"=2]>
func.func @constraint_rank(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.sharding_constraint %a <@mesh, [{}, {}]> : tensor<4xf32>
  return %0 : tensor<4xf32>
}
