kiln.mesh @mesh22 = <["data"=2, "model"=2]>
kiln.mesh @data2 = <["data"=2]>
kiln.mesh @model4 = <["model"=4]>

func.func @megatron(%x: tensor<8x16xf32>, %w1: tensor<16x32xf32> {kiln.sharding = #kiln.sharding<@mesh22, [{}, {"model"}]>}, %w2: tensor<32x16xf32> {kiln.sharding = #kiln.sharding<@mesh22, [{"model"}, {}]>}) -> tensor<8x16xf32> {
  %h = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  %g = kiln.gelu %h : tensor<8x32xf32>
  %y = kiln.dot %g, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<8x32xf32>, tensor<32x16xf32>) -> tensor<8x16xf32>
  return %y : tensor<8x16xf32>
}

func.func @data_parallel(%x: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@data2, [{"data"}, {}]>}, %w1: tensor<16x32xf32>, %w2: tensor<32x4xf32>) -> tensor<8x4xf32> {
  %h = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  %r = kiln.relu %h : tensor<8x32xf32>
  %y = kiln.dot %r, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<8x32xf32>, tensor<32x4xf32>) -> tensor<8x4xf32>
  return %y : tensor<8x4xf32>
}

func.func @reduce_scatter(%x: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@model4, [{}, {"model"}]>}, %w: tensor<16x8xf32> {kiln.sharding = #kiln.sharding<@model4, [{"model"}, {}]>}) -> tensor<8x8xf32> {
  %y = kiln.dot %x, %w, <batch = [] x [], contract = [1] x [0]> : (tensor<8x16xf32>, tensor<16x8xf32>) -> tensor<8x8xf32>
  %c = kiln.sharding_constraint %y <@model4, [{}, {"model"}]> : tensor<8x8xf32>
  %t = kiln.tanh %c : tensor<8x8xf32>
  return %t : tensor<8x8xf32>
}

func.func @reshards(%x: tensor<8x12xf32> {kiln.sharding = #kiln.sharding<@mesh22, [{"model"}, {}]>}) -> (tensor<8x12xf32>, tensor<8x12xf32>, tensor<8x12xf32>) {
  %two = kiln.constant dense<2.0> : tensor<f32>
  %one = kiln.constant dense<1.0> : tensor<f32>
  %three = kiln.constant dense<3.0> : tensor<f32>
  %a = kiln.sharding_constraint %x <@mesh22, [{}, {"model"}]> : tensor<8x12xf32>
  %a2 = kiln.mul %a, %two : (tensor<8x12xf32>, tensor<f32>) -> tensor<8x12xf32>
  %b = kiln.sharding_constraint %x <@mesh22, [{"model", "data"}, {}]> : tensor<8x12xf32>
  %b2 = kiln.add %b, %one : (tensor<8x12xf32>, tensor<f32>) -> tensor<8x12xf32>
  %c = kiln.sharding_constraint %x <@mesh22, [{"data"}, {"model"}]> : tensor<8x12xf32>
  %c2 = kiln.sub %c, %three : (tensor<8x12xf32>, tensor<f32>) -> tensor<8x12xf32>
  return %a2, %b2, %c2 : tensor<8x12xf32>, tensor<8x12xf32>, tensor<8x12xf32>
}

func.func @conv_halo(%x: tensor<2x3x16x8xf32> {kiln.sharding = #kiln.sharding<@model4, [{}, {}, {"model"}, {}]>}, %w: tensor<4x3x3x3xf32>) -> tensor<2x4x16x8xf32> {
  %y = kiln.conv2d %x, %w strides = [1, 1] padding = [1, 1, 1, 1] dilations = [1, 1] groups = 1 : (tensor<2x3x16x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x16x8xf32>
  return %y : tensor<2x4x16x8xf32>
}

func.func @uneven(%x: tensor<7x5xf32> {kiln.sharding = #kiln.sharding<@model4, [{"model"}, {}]>}) -> (tensor<5xf32>, tensor<5xf32>, tensor<7x5xf32>) {
  %e = kiln.exp %x : tensor<7x5xf32>
  %s = kiln.reduce_sum %e dims = [0] : (tensor<7x5xf32>) -> tensor<5xf32>
  %m = kiln.reduce_max %e dims = [0] : (tensor<7x5xf32>) -> tensor<5xf32>
  return %s, %m, %e : tensor<5xf32>, tensor<5xf32>, tensor<7x5xf32>
}

func.func @softmax_gather(%x: tensor<4x8xf32> {kiln.sharding = #kiln.sharding<@data2, [{}, {"data"}]>}) -> tensor<4x8xf32> {
  %y = kiln.softmax %x dim = 1 : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

func.func @attention_heads(%q: tensor<2x4x8x16xf32> {kiln.sharding = #kiln.sharding<@model4, [{}, {"model"}, {}, {}]>}, %k: tensor<2x4x8x16xf32>, %v: tensor<2x4x8x16xf32>) -> tensor<2x4x8x16xf32> {
  %o = kiln.attention %q, %k, %v scale = 2.500000e-01 : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>) -> tensor<2x4x8x16xf32>
  return %o : tensor<2x4x8x16xf32>
}

func.func @manual_partial(%x: tensor<8x16xf32>, %w: tensor<16x8xf32>) -> tensor<8x8xf32> {
  %y = kiln.manual_computation(%x, %w) in_shardings = [<@mesh22, [{"data"}, {"model"}]>, <@mesh22, [{"model"}, {}]>] out_shardings = [<@mesh22, [{"data"}, {}], unreduced={"model"}>] {
  ^bb0(%lx: tensor<4x8xf32>, %lw: tensor<8x8xf32>):
    %p = kiln.dot %lx, %lw, <batch = [] x [], contract = [1] x [0]> : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
    kiln.yield %p : tensor<4x8xf32>
  } : (tensor<8x16xf32>, tensor<16x8xf32>) -> tensor<8x8xf32>
  %t = kiln.tanh %y : tensor<8x8xf32>
  return %t : tensor<8x8xf32>
}

shard.grid @mesh22_grid(shape = 2x2)
func.func @manual_collective(%x: tensor<8x16xf32>, %w: tensor<16x8xf32>) -> tensor<8x8xf32> {
  %y = kiln.manual_computation(%x, %w) in_shardings = [<@mesh22, [{"data"}, {"model"}]>, <@mesh22, [{"model"}, {}]>] out_shardings = [<@mesh22, [{"data"}, {}]>] {
  ^bb0(%lx: tensor<4x8xf32>, %lw: tensor<8x8xf32>):
    %p = kiln.dot %lx, %lw, <batch = [] x [], contract = [1] x [0]> : (tensor<4x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
    %s = shard.all_reduce %p on @mesh22_grid grid_axes = [1] : tensor<4x8xf32> -> tensor<4x8xf32>
    %d = kiln.add %s, %s : tensor<4x8xf32>
    kiln.yield %d : tensor<4x8xf32>
  } : (tensor<8x16xf32>, tensor<16x8xf32>) -> tensor<8x8xf32>
  return %y : tensor<8x8xf32>
}

func.func @permutes(%x: tensor<8x12xf32> {kiln.sharding = #kiln.sharding<@mesh22, [{"data", "model"}, {}]>}) -> (tensor<8x12xf32>, tensor<8x12xf32>) {
  %one = kiln.constant dense<1.0> : tensor<f32>
  %a = kiln.sharding_constraint %x <@mesh22, [{"model", "data"}, {}]> : tensor<8x12xf32>
  %a2 = kiln.add %a, %one : (tensor<8x12xf32>, tensor<f32>) -> tensor<8x12xf32>
  %b = kiln.sharding_constraint %a2 <@mesh22, [{"data"}, {}]> : tensor<8x12xf32>
  %c = kiln.sharding_constraint %b <@mesh22, [{"model"}, {}]> : tensor<8x12xf32>
  %c2 = kiln.mul %c, %c : tensor<8x12xf32>
  return %a2, %c2 : tensor<8x12xf32>, tensor<8x12xf32>
}
