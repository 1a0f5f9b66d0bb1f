kiln.mesh @mesh = <["model"=4]>
func.func @uneven_reshape(%x: tensor<6x4xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"model"}, {}]>}) -> tensor<24xf32> {
  %y = kiln.reshape %x : (tensor<6x4xf32>) -> tensor<24xf32>
  return %y : tensor<24xf32>
}
