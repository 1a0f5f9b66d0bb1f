kiln.mesh @mesh = <["x"=2, "y"=2]>

func.func @reshape_without_communication(%a: tensor<8x6xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x", "y"}, {}]>}) -> tensor<2x4x6xf32> {
  %0 = kiln.reshape %a : (tensor<8x6xf32>) -> tensor<48xf32>
  %1 = kiln.reshape %0 : (tensor<48xf32>) -> tensor<2x4x6xf32>
  return %1 : tensor<2x4x6xf32>
}
