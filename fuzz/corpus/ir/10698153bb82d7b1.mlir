kiln.mesh @mesh = <["model"=4]>
func.func @strided_window(%x: tensor<1x8x16x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {}, {"model"}, {}]>}, %w: tensor<8x8x3x3xf32>) -> tensor<1x8x8x8xf32> {
  %y = kiln.conv2d %x, %w strides = [2, 2] padding = [1, 1, 1, 1] dilations = [1, 1] groups = 1 : (tensor<1x8x16x16xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x8x8xf32>
  return %y : tensor<1x8x8x8xf32>
}
