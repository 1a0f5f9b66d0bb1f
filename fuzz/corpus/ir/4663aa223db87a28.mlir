kiln.mesh @mesh = <["x"=2, "y"=4]>

func.func @reshape(%a: tensor<8x6xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x", "y"}, {}]>},
                   %b: tensor<48xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"y", "x"}]>}) -> (tensor<48xf32>, tensor<4x12xf32>) {
  %0 = kiln.reshape %a : (tensor<8x6xf32>) -> tensor<4x12xf32>
  %1 = kiln.reshape %0 : (tensor<4x12xf32>) -> tensor<48xf32>
  %2 = kiln.reshape %b : (tensor<48xf32>) -> tensor<4x12xf32>
  return %1, %2 : tensor<48xf32>, tensor<4x12xf32>
}
