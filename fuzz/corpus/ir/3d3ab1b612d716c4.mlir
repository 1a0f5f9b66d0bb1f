kiln.mesh @mesh = <["model"=4]>
func.func @uneven_mean(%x: tensor<7x8xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"model"}, {}]>}) -> tensor<8xf32> {
  %y = kiln.reduce_mean %x dims = [0] : (tensor<7x8xf32>) -> tensor<8xf32>
  return %y : tensor<8xf32>
}
