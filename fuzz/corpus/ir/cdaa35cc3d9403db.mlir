kiln.mesh @mesh = <["data"=2, "model"=4]>

func.func @batch_sharded_mlp(%x: tensor<16x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {}]>},
                             %w1: tensor<64x256xf32>, %w2: tensor<256x64xf32>) -> tensor<16x64xf32> {
  %h = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<16x64xf32>, tensor<64x256xf32>) -> tensor<16x256xf32>
  %a = kiln.gelu %h : tensor<16x256xf32>
  %y = kiln.dot %a, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<16x256xf32>, tensor<256x64xf32>) -> tensor<16x64xf32>
  return %y : tensor<16x64xf32>
}
