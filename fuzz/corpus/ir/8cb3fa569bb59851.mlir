kiln.mesh @mesh = <["data"=2, "model"=4]>

func.func @megatron(%x: tensor<16x64xf32>, %w1: tensor<64x256xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"model"}]>}, %w2: tensor<256x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"model"}, {}]>}) -> tensor<16x64xf32> {
  %h = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<16x64xf32>, tensor<64x256xf32>) -> tensor<16x256xf32>
  %g = kiln.gelu %h : tensor<16x256xf32>
  %y = kiln.dot %g, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<16x256xf32>, tensor<256x64xf32>) -> tensor<16x64xf32>
  return %y : tensor<16x64xf32>
}

func.func @data_parallel(%x: tensor<16x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {}]>}, %w1: tensor<64x64xf32>, %w2: tensor<64x8xf32>) -> tensor<16x8xf32> {
  %h = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<16x64xf32>, tensor<64x64xf32>) -> tensor<16x64xf32>
  %r = kiln.relu %h : tensor<16x64xf32>
  %y = kiln.dot %r, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<16x64xf32>, tensor<64x8xf32>) -> tensor<16x8xf32>
  return %y : tensor<16x8xf32>
}

func.func @contract_all_reduce(%x: tensor<16x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"model"}]>}, %w: tensor<64x32xf32>) -> (tensor<16x32xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {}]>}) {
  %y = kiln.dot %x, %w, <batch = [] x [], contract = [1] x [0]> : (tensor<16x64xf32>, tensor<64x32xf32>) -> tensor<16x32xf32>
  return %y : tensor<16x32xf32>
}

func.func @contract_reduce_scatter(%x: tensor<16x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"model"}]>}, %w: tensor<64x32xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"model"}, {}]>}) -> (tensor<16x32xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"model"}]>}) {
  %y = kiln.dot %x, %w, <batch = [] x [], contract = [1] x [0]> : (tensor<16x64xf32>, tensor<64x32xf32>) -> tensor<16x32xf32>
  return %y : tensor<16x32xf32>
}

func.func @reshape(%x: tensor<16x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {}]>}) -> tensor<16x4x16xf32> {
  %y = kiln.reshape %x : (tensor<16x64xf32>) -> tensor<16x4x16xf32>
  return %y : tensor<16x4x16xf32>
}

func.func @table(%x: tensor<16x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"model"}, {}]>}) -> (tensor<16x64xf32>, tensor<16x64xf32>, tensor<16x64xf32>) {
  %a = kiln.sharding_constraint %x <@mesh, [{}, {}]> : tensor<16x64xf32>
  %b = kiln.sharding_constraint %x <@mesh, [{}, {"model"}]> : tensor<16x64xf32>
  %c = kiln.sharding_constraint %x <@mesh, [{"model", "data"}, {}]> : tensor<16x64xf32>
  return %a, %b, %c : tensor<16x64xf32>, tensor<16x64xf32>, tensor<16x64xf32>
}

func.func @conv_halo(%x: tensor<1x8x16x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {}, {"model"}, {}]>}, %w: tensor<8x8x3x3xf32>) -> tensor<1x8x16x16xf32> {
  %y = kiln.conv2d %x, %w strides = [1, 1] padding = [1, 1, 1, 1] dilations = [1, 1] groups = 1 : (tensor<1x8x16x16xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x16x16xf32>
  return %y : tensor<1x8x16x16xf32>
}

func.func @uneven(%x: tensor<7x8xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"model"}, {}]>}) -> (tensor<8xf32>, tensor<8xf32>, tensor<7x8xf32>) {
  %e = kiln.exp %x : tensor<7x8xf32>
  %s = kiln.reduce_sum %e dims = [0] : (tensor<7x8xf32>) -> tensor<8xf32>
  %m = kiln.reduce_max %e dims = [0] : (tensor<7x8xf32>) -> tensor<8xf32>
  %w = kiln.sharding_constraint %e <@mesh, [{}, {}]> : tensor<7x8xf32>
  return %s, %m, %w : tensor<8xf32>, tensor<8xf32>, tensor<7x8xf32>
}

func.func @uneven_slice(%x: tensor<7x8xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {}]>}) -> (tensor<7x8xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"model"}, {}]>}) {
  %y = kiln.sharding_constraint %x <@mesh, [{"model"}, {}]> : tensor<7x8xf32>
  return %y : tensor<7x8xf32>
}

func.func @softmax(%x: tensor<16x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"model"}]>}) -> tensor<16x64xf32> {
  %y = kiln.softmax %x dim = 1 : tensor<16x64xf32>
  return %y : tensor<16x64xf32>
}

func.func @manual(%x: tensor<8x16xf32>, %w: tensor<16x8xf32>) -> tensor<8x8xf32> {
  %y = kiln.manual_computation(%x, %w) in_shardings = [<@mesh, [{"data"}, {"model"}]>, <@mesh, [{"model"}, {}]>] out_shardings = [<@mesh, [{"data"}, {}], unreduced={"model"}>] {
  ^bb0(%lx: tensor<4x4xf32>, %lw: tensor<4x8xf32>):
    %p = kiln.dot %lx, %lw, <batch = [] x [], contract = [1] x [0]> : (tensor<4x4xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    kiln.yield %p : tensor<4x8xf32>
  } : (tensor<8x16xf32>, tensor<16x8xf32>) -> tensor<8x8xf32>
  %t = kiln.tanh %y : tensor<8x8xf32>
  return %t : tensor<8x8xf32>
}

func.func @permute(%x: tensor<8x12xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data", "model"}, {}]>}) -> (tensor<8x12xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"model", "data"}, {}]>}) {
  %a = kiln.sharding_constraint %x <@mesh, [{"model", "data"}, {}]> : tensor<8x12xf32>
  %n = kiln.neg %a : tensor<8x12xf32>
  return %n : tensor<8x12xf32>
}
