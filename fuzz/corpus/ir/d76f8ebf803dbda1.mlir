kiln.mesh @mesh = <["x"=2, "y"=2]>

func.func @contracting_all_reduce(%a: tensor<8x1024xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"x"}]>}, %b: tensor<1024x4xf32>) -> tensor<8x4xf32> {
  %0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [0]> : (tensor<8x1024xf32>, tensor<1024x4xf32>) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}
func.func @contracting_reduce_scatter(%a: tensor<8x1024xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"x"}]>}, %b: tensor<1024x4xf32>) -> tensor<8x4xf32> {
  %0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [0]> : (tensor<8x1024xf32>, tensor<1024x4xf32>) -> tensor<8x4xf32>
  %1 = kiln.sharding_constraint %0 <@mesh, [{"x"}, {}]> : tensor<8x4xf32>
  return %1 : tensor<8x4xf32>
}
