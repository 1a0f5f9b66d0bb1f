kiln.mesh @mesh = <["data"=2, "model"=4]>

func.func @manual(%x0: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %x = kiln.exp %x0 : tensor<8x16xf32>
  %y = kiln.manual_computation(%x) in_shardings = [<@mesh, [{"data"}, {}]>] out_shardings = [<@mesh, [{"data"}, {}]>] {
  ^bb0(%l: tensor<4x16xf32>):
    %n = kiln.neg %l : tensor<4x16xf32>
    kiln.yield %n : tensor<4x16xf32>
  } : (tensor<8x16xf32>) -> tensor<8x16xf32>
  %r = kiln.relu %y : tensor<8x16xf32>
  return %r : tensor<8x16xf32>
}
