kiln.mesh @mesh = <["x"=2, "y"=4]>

func.func @transpose_and_softmax(%a: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x"}, {"y"}]>}) -> tensor<16x8xf32> {
  %0 = kiln.transpose %a permutation = [1, 0] : (tensor<8x16xf32>) -> tensor<16x8xf32>
  %1 = kiln.softmax %0 dim = 1 : tensor<16x8xf32>
  return %1 : tensor<16x8xf32>
}
