kiln.mesh @mesh = <["x"=2]>
func.func @manual_count(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.manual_computation(%a) in_shardings = [] out_shardings = [<@mesh, [{"x"}]>] {
  ^bb0(%l: tensor<2xf32>):
    kiln.yield %l : tensor<2xf32>
  } : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
