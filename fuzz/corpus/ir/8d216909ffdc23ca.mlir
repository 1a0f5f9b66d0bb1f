kiln.mesh @mesh = <["x"=2, "y"=4]>

func.func @user_priority(%a: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x", ?}p1, {?}]>},
                         %b: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"y"}p0, {?}]>}) -> tensor<8x16xf32> {
  %0 = kiln.add %a, %b : tensor<8x16xf32>
  return %0 : tensor<8x16xf32>
}
