kiln.mesh @mesh = <["model"=4]>

func.func @mlp_b2(%x: tensor<2x512xf32>, %w1: tensor<512x2048xf32>, %w2: tensor<2048x512xf32>) -> tensor<2x512xf32> {
  %h = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<2x512xf32>, tensor<512x2048xf32>) -> tensor<2x2048xf32>
  %a = kiln.relu %h : tensor<2x2048xf32>
  %y = kiln.dot %a, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<2x2048xf32>, tensor<2048x512xf32>) -> tensor<2x512xf32>
  return %y : tensor<2x512xf32>
}

func.func @mlp_b64(%x: tensor<64x512xf32>, %w1: tensor<512x2048xf32>, %w2: tensor<2048x512xf32>) -> tensor<64x512xf32> {
  %h = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<64x512xf32>, tensor<512x2048xf32>) -> tensor<64x2048xf32>
  %a = kiln.relu %h : tensor<64x2048xf32>
  %y = kiln.dot %a, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<64x2048xf32>, tensor<2048x512xf32>) -> tensor<64x512xf32>
  return %y : tensor<64x512xf32>
}

func.func @mlp_pinned(%x: tensor<64x512xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"model"}]>}, %w1: tensor<512x2048xf32>, %w2: tensor<2048x512xf32>) -> tensor<64x512xf32> {
  %h = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<64x512xf32>, tensor<512x2048xf32>) -> tensor<64x2048xf32>
  %a = kiln.relu %h : tensor<64x2048xf32>
  %y = kiln.dot %a, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<64x2048xf32>, tensor<2048x512xf32>) -> tensor<64x512xf32>
  return %y : tensor<64x512xf32>
}
