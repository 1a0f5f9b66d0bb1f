kiln.mesh @mesh = <["x"=2, "y"=4]>

func.func @op_priority(%a: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x"}, {}]>},
                       %b: tensor<16x32xf32>,
                       %c: tensor<8x32xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"y"}, {}]>}) -> tensor<8x32xf32> {
  %0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [0]> : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  %1 = kiln.add %0, %c : tensor<8x32xf32>
  return %1 : tensor<8x32xf32>
}
