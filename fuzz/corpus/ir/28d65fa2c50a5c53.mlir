kiln.mesh @mesh = <["data"=2, "model"=4]>

func.func @data_parallel_step(%x: tensor<16x8xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {}]>},
                              %t: tensor<16x4xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {}]>},
                              %w: tensor<8x4xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {}]>}) -> (tensor<f32>, tensor<8x4xf32>) {
  %y = kiln.dot %x, %w, <batch = [] x [], contract = [1] x [0]> : (tensor<16x8xf32>, tensor<8x4xf32>) -> tensor<16x4xf32>
  %loss = kiln.mse %y, %t : (tensor<16x4xf32>, tensor<16x4xf32>) -> tensor<f32>
  %d = kiln.sub %y, %t : tensor<16x4xf32>
  %dw = kiln.dot %x, %d, <batch = [] x [], contract = [0] x [0]> : (tensor<16x8xf32>, tensor<16x4xf32>) -> tensor<8x4xf32>
  %w2 = kiln.sub %w, %dw : tensor<8x4xf32>
  return %loss, %w2 : tensor<f32>, tensor<8x4xf32>
}
