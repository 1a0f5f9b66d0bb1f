// kiln-shard-auto on hand-sized MLPs over 4 devices, where the best plan
// can be derived by hand from the cost model (compute at 100 GFLOP/s,
// 10 us + bytes / 10 GB/s per collective step, whole results for the
// caller):
// - batch 2 (indivisible by 4): Megatron, w1 by columns and w2 by rows,
//   one all-reduce of the 2x512 result;
// - batch 64: data parallel, weights whole, one all-gather of the result;
// - an input pinned by features: kept as pinned, then moved to rows by
//   one all-to-all;
// - batch 64 under a 6 MiB budget (data parallelism needs 8.3 MiB: both
//   weights whole): Megatron again.
// RUN: kiln-opt %s --kiln-shard-auto 2>&1 >/dev/null | FileCheck %s --check-prefix=REPORT
// RUN: kiln-opt %s --kiln-shard-auto 2>/dev/null | FileCheck %s
// RUN: kiln-opt %s --kiln-shard-auto=solver=greedy 2>&1 >/dev/null | FileCheck %s --check-prefix=GREEDY
// RUN: kiln-opt %s --kiln-shard-auto="memory-budget=6MiB function=mlp_b64" 2>/dev/null | FileCheck %s --check-prefix=BUDGET

kiln.mesh @mesh = <["model"=4]>

// REPORT-LABEL: kiln shard auto: @mlp_b2 on @mesh ["model"=4]
// REPORT-NEXT: solver: milp (optimal; {{.*}}
// REPORT-NEXT: estimated: {{.*}}(compute 21.0 us + communication 30.6 us, 1 collective)
// REPORT-NEXT: inputs and weights:
// REPORT-NEXT: %arg0 : tensor<2x512xf32> [{}, {}]
// REPORT-NEXT: %arg1 : tensor<512x2048xf32> [{}, {"model"}]
// REPORT-NEXT: %arg2 : tensor<2048x512xf32> [{"model"}, {}]
// CHECK-LABEL: func.func @mlp_b2
// CHECK-SAME: -> (tensor<2x512xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {}]>})
// CHECK: kiln.dot {{.*}}kiln.sharding = #kiln.sharding_per_value<[<@mesh, [{}, {"model"}]>]>
// CHECK: kiln.relu {{.*}}kiln.sharding = #kiln.sharding_per_value<[<@mesh, [{}, {"model"}]>]>
// CHECK: kiln.dot {{.*}}kiln.sharding = #kiln.sharding_per_value<[<@mesh, [{}, {}]>]>
func.func @mlp_b2(%x: tensor<2x512xf32>, %w1: tensor<512x2048xf32>, %w2: tensor<2048x512xf32>) -> tensor<2x512xf32> {
  %h = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<2x512xf32>, tensor<512x2048xf32>) -> tensor<2x2048xf32>
  %a = kiln.relu %h : tensor<2x2048xf32>
  %y = kiln.dot %a, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<2x2048xf32>, tensor<2048x512xf32>) -> tensor<2x512xf32>
  return %y : tensor<2x512xf32>
}

// REPORT-LABEL: kiln shard auto: @mlp_b64
// REPORT: estimated: {{.*}}(compute 671.4 us + communication 39.8 us, 1 collective); values 8.31 MiB per device
// REPORT-NEXT: inputs and weights:
// REPORT-NEXT: %arg0 : tensor<64x512xf32> [{"model"}, {}]
// REPORT-NEXT: %arg1 : tensor<512x2048xf32> [{}, {}]
// REPORT-NEXT: %arg2 : tensor<2048x512xf32> [{}, {}]
// CHECK-LABEL: func.func @mlp_b64
// CHECK-COUNT-3: kiln.sharding_per_value<[<@mesh, [{"model"}, {}]>]>
// BUDGET-LABEL: func.func @mlp_b64
// BUDGET-SAME: %arg1: tensor<512x2048xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"model"}]>}
// BUDGET-SAME: %arg2: tensor<2048x512xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"model"}, {}]>}
func.func @mlp_b64(%x: tensor<64x512xf32>, %w1: tensor<512x2048xf32>, %w2: tensor<2048x512xf32>) -> tensor<64x512xf32> {
  %h = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<64x512xf32>, tensor<512x2048xf32>) -> tensor<64x2048xf32>
  %a = kiln.relu %h : tensor<64x2048xf32>
  %y = kiln.dot %a, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<64x2048xf32>, tensor<2048x512xf32>) -> tensor<64x512xf32>
  return %y : tensor<64x512xf32>
}

// REPORT-LABEL: kiln shard auto: @mlp_pinned
// REPORT: estimated: {{.*}}, 2 collectives)
// REPORT: %arg0 : tensor<64x512xf32> [{}, {"model"}]
// CHECK-LABEL: func.func @mlp_pinned
// CHECK-SAME: %arg0: tensor<64x512xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"model"}]>}
// CHECK: kiln.dot {{.*}}kiln.sharding_per_value<[<@mesh, [{"model"}, {}]>]>
func.func @mlp_pinned(%x: tensor<64x512xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"model"}]>}, %w1: tensor<512x2048xf32>, %w2: tensor<2048x512xf32>) -> tensor<64x512xf32> {
  %h = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<64x512xf32>, tensor<512x2048xf32>) -> tensor<64x2048xf32>
  %a = kiln.relu %h : tensor<64x2048xf32>
  %y = kiln.dot %a, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<64x2048xf32>, tensor<2048x512xf32>) -> tensor<64x512xf32>
  return %y : tensor<64x512xf32>
}

// The greedy solver reaches the same plans here.
// GREEDY: @mlp_b2
// GREEDY-NEXT: solver: greedy
// GREEDY-NEXT: (compute 21.0 us + communication 30.6 us, 1 collective)
// GREEDY: @mlp_b64
// GREEDY-NEXT: solver: greedy
// GREEDY-NEXT: (compute 671.4 us + communication 39.8 us, 1 collective)
