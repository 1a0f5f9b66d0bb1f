func.func @f(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %y = kiln.relu %x : tensor<8x8xf32>
  return %y : tensor<8x8xf32>
}
kiln.mesh @a = <["x"=4]>
kiln.mesh @b = <["y"=2]>
func.func @f(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %y = kiln.relu %x : tensor<8x8xf32>
  return %y : tensor<8x8xf32>
}
