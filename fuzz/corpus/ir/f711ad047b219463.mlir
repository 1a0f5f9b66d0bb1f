kiln.mesh @mesh = <["data"=2, "model"=4]>

func.func @conv_halo(%x: tensor<4x3x32x32xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {}, {"model"}, {}]>},
                     %w: tensor<16x3x3x3xf32>) -> tensor<4x16x32x32xf32> {
  %0 = kiln.conv2d %x, %w strides = [1, 1] padding = [1, 1, 1, 1] dilations = [1, 1] groups = 1 : (tensor<4x3x32x32xf32>, tensor<16x3x3x3xf32>) -> tensor<4x16x32x32xf32>
  return %0 : tensor<4x16x32x32xf32>
}
