kiln.mesh @mesh = <["data"=4]>

func.func @mlp(%x: tensor<32x16xf32> {kiln.name = "x", kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {}]>}, %w1: tensor<16x32xf32>, %b1: tensor<32xf32>, %w2: tensor<32x4xf32>, %b2: tensor<4xf32>) -> tensor<32x4xf32> {
  %h = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<32x16xf32>, tensor<16x32xf32>) -> tensor<32x32xf32>
  %hb = kiln.add %h, %b1 : (tensor<32x32xf32>, tensor<32xf32>) -> tensor<32x32xf32>
  %r = kiln.relu %hb : tensor<32x32xf32>
  %y = kiln.dot %r, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<32x32xf32>, tensor<32x4xf32>) -> tensor<32x4xf32>
  %yb = kiln.add %y, %b2 : (tensor<32x4xf32>, tensor<4xf32>) -> tensor<32x4xf32>
  return %yb : tensor<32x4xf32>
}
