kiln.mesh @mesh = <["x"=2]>
func.func @per_value_kind(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.neg %a {kiln.sharding = #kiln.sharding<@mesh, [{}]>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}
