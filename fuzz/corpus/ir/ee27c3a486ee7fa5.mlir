kiln.mesh @mesh = <["x"=2]>
func.func @manual_uneven(%a: tensor<5xf32>) -> tensor<5xf32> {
  %0 = kiln.manual_computation(%a) in_shardings = [<@mesh, [{"x"}]>] out_shardings = [<@mesh, [{}]>] {
  ^bb0(%l: tensor<3xf32>):
    kiln.yield %a : tensor<5xf32>
  } : (tensor<5xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}
