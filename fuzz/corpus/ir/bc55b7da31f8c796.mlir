kiln.mesh @a = <["x"=2]>
kiln.mesh @b = <["x"=2]>
func.func @two_meshes(%p: tensor<4xf32> {kiln.sharding = #kiln.sharding<@a, [{"x"}]>},
                      %q: tensor<4xf32> {kiln.sharding = #kiln.sharding<@b, [{"x"}]>}) -> tensor<4xf32> {
  %0 = kiln.add %p, %q : tensor<4xf32>
  return %0 : tensor<4xf32>
}
