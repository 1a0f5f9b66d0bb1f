kiln.mesh @mesh = <["data"=2, "model"=4]>

func.func @uneven_rows(%a: tensor<7x3xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"model"}, {}]>}) -> tensor<7xf32> {
  %0 = kiln.reduce_sum %a dims = [1] : (tensor<7x3xf32>) -> tensor<7xf32>
  return %0 : tensor<7xf32>
}
