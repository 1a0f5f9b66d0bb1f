kiln.mesh @mesh = <["data"=2, "model"=4]>
kiln.mesh @pod = <["x"=4, "y"=2]> {latency_us = array<f64: 5.0, 20.0>, bandwidth_gbps = array<f64: 100.0, 25.0>}
kiln.mesh @single = <["d"=1]>

func.func @annotated(
    %x: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data"}p0, {"model", ?}]>},
    %b: tensor<16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{?}], replicated={"data"}>})
    -> (tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {}], unreduced={"model"}>}) {
  %0 = kiln.add %x, %b {kiln.sharding = #kiln.sharding_per_value<[<@mesh, [{"data", "model"}, {?}p2]>]>} : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
  %1 = kiln.sharding_constraint %0 <@mesh, [{"model"}, {"data"}]> : tensor<8x16xf32>
  %2 = kiln.sharding_constraint %1 <@single, [{}, {}]> : tensor<8x16xf32>
  return %2 : tensor<8x16xf32>
}

func.func @scalar(%s: tensor<f32> {kiln.sharding = #kiln.sharding<@mesh, []>}) -> tensor<f32> {
  %a, %b = kiln.optimization_barrier %s, %s {kiln.sharding = #kiln.sharding_per_value<[<@mesh, []>, <@mesh, []>]>} : tensor<f32>, tensor<f32>
  return %a : tensor<f32>
}

func.func @manual(%x: tensor<8x16xf32>, %w: tensor<16x8xf32>) -> tensor<8x8xf32> {
  %y = kiln.manual_computation(%x, %w) in_shardings = [<@mesh, [{"data"}, {"model"}]>, <@mesh, [{"model"}, {}]>] out_shardings = [<@mesh, [{"data"}, {}], unreduced={"model"}>] {
  ^bb0(%lx: tensor<4x4xf32>, %lw: tensor<4x8xf32>):
    %p = kiln.dot %lx, %lw, <batch = [] x [], contract = [1] x [0]> : (tensor<4x4xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    kiln.yield %p : tensor<4x8xf32>
  } : (tensor<8x16xf32>, tensor<16x8xf32>) -> tensor<8x8xf32>
  return %y : tensor<8x8xf32>
}
