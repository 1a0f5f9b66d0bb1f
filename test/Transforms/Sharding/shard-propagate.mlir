// Sharding propagation: from a few annotations to a sharding for every
// value. Expected shardings are derived by hand from each op's factors.
// RUN: kiln-opt %s --kiln-shard-propagate -split-input-file | FileCheck %s

kiln.mesh @mesh = <["data"=2, "model"=4]>

// Data parallelism: the batch dim spreads through both layers; the
// weights stay whole (open, nothing reaches them).
// CHECK-LABEL: func @batch_sharded_mlp
// CHECK-SAME: %{{.*}}: tensor<16x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {}]>}
// CHECK-SAME: %{{.*}}: tensor<64x256xf32> {kiln.sharding = #kiln.sharding<@mesh, [{?}, {?}]>}
// CHECK-SAME: -> (tensor<16x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data", ?}, {?}]>})
func.func @batch_sharded_mlp(%x: tensor<16x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {}]>},
                             %w1: tensor<64x256xf32>, %w2: tensor<256x64xf32>) -> tensor<16x64xf32> {
  // CHECK: kiln.dot {{.*}}[<@mesh, [{"data", ?}, {?}]>]
  %h = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<16x64xf32>, tensor<64x256xf32>) -> tensor<16x256xf32>
  // CHECK: kiln.gelu {{.*}}[<@mesh, [{"data", ?}, {?}]>]
  %a = kiln.gelu %h : tensor<16x256xf32>
  // CHECK: kiln.dot {{.*}}[<@mesh, [{"data", ?}, {?}]>]
  %y = kiln.dot %a, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<16x256xf32>, tensor<256x64xf32>) -> tensor<16x64xf32>
  return %y : tensor<16x64xf32>
}

// -----

kiln.mesh @mesh = <["data"=2, "model"=4]>

// Megatron: w1 split by columns makes the hidden layer column-split, and
// that reaches w2's rows backward (its contracting dim).
// CHECK-LABEL: func @megatron_mlp
// CHECK-SAME: %{{.*}}: tensor<256x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"model", ?}, {?}]>}
func.func @megatron_mlp(%x: tensor<16x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {}]>},
                        %w1: tensor<64x256xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"model"}]>},
                        %w2: tensor<256x64xf32>) -> tensor<16x64xf32> {
  // CHECK: kiln.dot {{.*}}[<@mesh, [{"data", ?}, {"model", ?}]>]
  %h = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<16x64xf32>, tensor<64x256xf32>) -> tensor<16x256xf32>
  // CHECK: kiln.relu {{.*}}[<@mesh, [{"data", ?}, {"model", ?}]>]
  %a = kiln.relu %h : tensor<16x256xf32>
  // The contracting dim is not in the result: rows only.
  // CHECK: kiln.dot {{.*}}[<@mesh, [{"data", ?}, {?}]>]
  %y = kiln.dot %a, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<16x256xf32>, tensor<256x64xf32>) -> tensor<16x64xf32>
  return %y : tensor<16x64xf32>
}

// -----

kiln.mesh @mesh = <["x"=2, "y"=4]>

// Reshapes split and merge dims into factors: 8x6 -> 4x12 shares a factor
// of 4 on the rows (the major "x" fits, "y" does not), 4x12 -> 48 merges.
// A split 48 -> 4x12 takes the major axes into the major dim.
// CHECK-LABEL: func @reshape
func.func @reshape(%a: tensor<8x6xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x", "y"}, {}]>},
                   %b: tensor<48xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"y", "x"}]>}) -> (tensor<48xf32>, tensor<4x12xf32>) {
  // CHECK: kiln.reshape {{.*}}[<@mesh, [{"x", ?}, {?}]>]
  %0 = kiln.reshape %a : (tensor<8x6xf32>) -> tensor<4x12xf32>
  // CHECK: kiln.reshape {{.*}}[<@mesh, [{"x", ?}]>]
  %1 = kiln.reshape %0 : (tensor<4x12xf32>) -> tensor<48xf32>
  // 48 -> 4x12: factors 4 and 12; "y" (4) fills the rows, "x" goes on to
  // the columns.
  // CHECK: kiln.reshape {{.*}}[<@mesh, [{"y", ?}, {"x", ?}]>]
  %2 = kiln.reshape %b : (tensor<48xf32>) -> tensor<4x12xf32>
  return %1, %2 : tensor<48xf32>, tensor<4x12xf32>
}

// -----

kiln.mesh @mesh = <["x"=2, "y"=4]>

// CHECK-LABEL: func @transpose_and_softmax
func.func @transpose_and_softmax(%a: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x"}, {"y"}]>}) -> tensor<16x8xf32> {
  // CHECK: kiln.transpose {{.*}}[<@mesh, [{"y", ?}, {"x", ?}]>]
  %0 = kiln.transpose %a permutation = [1, 0] : (tensor<8x16xf32>) -> tensor<16x8xf32>
  // The softmax dim stays whole; the other passes.
  // CHECK: kiln.softmax {{.*}}[<@mesh, [{"y", ?}, {?}]>]
  %1 = kiln.softmax %0 dim = 1 : tensor<16x8xf32>
  return %1 : tensor<16x8xf32>
}

// -----

kiln.mesh @mesh = <["x"=2, "y"=4]>

// User priorities: the p0 annotation spreads first, so the sum follows %b
// even though %a is the first operand; %a keeps its own annotation.
// CHECK-LABEL: func @user_priority
// CHECK-SAME: %{{.*}}: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x", ?}p1, {?}]>}
func.func @user_priority(%a: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x", ?}p1, {?}]>},
                         %b: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"y"}p0, {?}]>}) -> tensor<8x16xf32> {
  // CHECK: kiln.add {{.*}}[<@mesh, [{"y", ?}, {?}]>]
  %0 = kiln.add %a, %b : tensor<8x16xf32>
  return %0 : tensor<8x16xf32>
}

// -----

kiln.mesh @mesh = <["x"=2, "y"=4]>

// Op priorities: the elementwise add settles the dot's result rows (from
// %c, backward) before the dot would push %a's "x" forward.
// CHECK-LABEL: func @op_priority
func.func @op_priority(%a: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x"}, {}]>},
                       %b: tensor<16x32xf32>,
                       %c: tensor<8x32xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"y"}, {}]>}) -> tensor<8x32xf32> {
  // CHECK: kiln.dot {{.*}}[<@mesh, [{"y", ?}, {?}]>]
  %0 = kiln.dot %a, %b, <batch = [] x [], contract = [1] x [0]> : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  // CHECK: kiln.add {{.*}}[<@mesh, [{"y", ?}, {?}]>]
  %1 = kiln.add %0, %c : tensor<8x32xf32>
  return %1 : tensor<8x32xf32>
}

// -----

kiln.mesh @mesh = <["x"=2, "y"=4]>

// Equal priorities that disagree: the cost model keeps the choice that
// reshards less (gathering %a's 256-byte blocks over "x" is cheaper than
// gathering %b's 128-byte blocks over "y", 4 ways).
// CHECK-LABEL: func @conflict_by_cost
func.func @conflict_by_cost(%a: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x"}, {}]>},
                            %b: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"y"}, {}]>}) -> tensor<8x16xf32> {
  // CHECK: kiln.add {{.*}}[<@mesh, [{"y", ?}, {?}]>]
  %0 = kiln.add %a, %b : tensor<8x16xf32>
  return %0 : tensor<8x16xf32>
}

// -----

kiln.mesh @mesh = <["x"=2, "y"=4]>

// A closed dim keeps its axes; an open one gains minor axes. A constraint
// pins the middle of the graph and spreads both ways.
// CHECK-LABEL: func @closed_open_constraint
// CHECK-SAME: %{{.*}}: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x"}, {}]>}
// CHECK-SAME: %{{.*}}: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x", ?}, {"y", ?}]>}
func.func @closed_open_constraint(%a: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x"}, {}]>},
                                  %b: tensor<8x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"x", ?}, {?}]>}) -> tensor<8x16xf32> {
  // CHECK: kiln.sub {{.*}}[<@mesh, [{"x", ?}, {"y", ?}]>]
  %0 = kiln.sub %a, %b : tensor<8x16xf32>
  // CHECK: kiln.sharding_constraint %{{.*}} <@mesh, [{"x"}, {"y"}]>
  %1 = kiln.sharding_constraint %0 <@mesh, [{"x"}, {"y"}]> : tensor<8x16xf32>
  // CHECK: kiln.exp {{.*}}[<@mesh, [{"x", ?}, {"y", ?}]>]
  %2 = kiln.exp %1 : tensor<8x16xf32>
  return %2 : tensor<8x16xf32>
}

// -----

kiln.mesh @mesh = <["data"=2, "model"=4]>

// Attention: batch and heads pass from q to k, v and the result; the
// sequence of keys and the head dim stay whole.
// CHECK-LABEL: func @attention_heads
// CHECK-SAME: %{{.*}}: tensor<2x8x16x32xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data", ?}, {"model", ?}, {?}, {?}]>}
func.func @attention_heads(%q: tensor<2x8x16x32xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {"model"}, {?}, {?}]>},
                           %k: tensor<2x8x16x32xf32>, %v: tensor<2x8x16x32xf32>) -> tensor<2x8x16x32xf32> {
  // CHECK: kiln.attention {{.*}}[<@mesh, [{"data", ?}, {"model", ?}, {?}, {?}]>]
  %0 = kiln.attention %q, %k, %v causal : (tensor<2x8x16x32xf32>, tensor<2x8x16x32xf32>, tensor<2x8x16x32xf32>) -> tensor<2x8x16x32xf32>
  return %0 : tensor<2x8x16x32xf32>
}

// -----

kiln.mesh @mesh = <["data"=2, "model"=4]>

// Grouped-query attention: 8 query heads over 2 kv heads are [2, 4]; "data"
// on the kv heads passes to the query heads' major factor.
// CHECK-LABEL: func @attention_grouped
func.func @attention_grouped(%q: tensor<1x8x16x32xf32>,
                             %k: tensor<1x2x16x32xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"data"}, {}, {}]>},
                             %v: tensor<1x2x16x32xf32>) -> tensor<1x8x16x32xf32> {
  // CHECK: kiln.attention {{.*}}[<@mesh, [{?}, {"data", ?}, {?}, {?}]>]
  %0 = kiln.attention %q, %k, %v : (tensor<1x8x16x32xf32>, tensor<1x2x16x32xf32>, tensor<1x2x16x32xf32>) -> tensor<1x8x16x32xf32>
  return %0 : tensor<1x8x16x32xf32>
}

// -----

kiln.mesh @mesh = <["data"=2, "model"=4]>

// Convolution: batch passes, rows are a window factor (halo exchange),
// the filter's spatial dims stay whole; output channels from the filter.
// CHECK-LABEL: func @conv_spatial
// CHECK-SAME: %{{.*}}: tensor<16x3x3x3xf32> {kiln.sharding = #kiln.sharding<@mesh, [{?}, {?}, {?}, {?}]>}
func.func @conv_spatial(%x: tensor<4x3x32x32xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {}, {"model"}, {}]>},
                        %w: tensor<16x3x3x3xf32>) -> tensor<4x16x32x32xf32> {
  // CHECK: kiln.conv2d {{.*}}[<@mesh, [{"data", ?}, {?}, {"model", ?}, {?}]>]
  %0 = kiln.conv2d %x, %w strides = [1, 1] padding = [1, 1, 1, 1] dilations = [1, 1] groups = 1 : (tensor<4x3x32x32xf32>, tensor<16x3x3x3xf32>) -> tensor<4x16x32x32xf32>
  // CHECK: kiln.max_pool2d {{.*}}[<@mesh, [{"data", ?}, {?}, {"model", ?}, {?}]>]
  %1 = kiln.max_pool2d %0 window = [2, 2] strides = [2, 2] padding = [0, 0, 0, 0] : (tensor<4x16x32x32xf32>) -> tensor<4x16x16x16xf32>
  return %0 : tensor<4x16x32x32xf32>
}

// -----

kiln.mesh @mesh = <["data"=2, "model"=4]>

// Embedding lookup: the ids' dims and the table's columns pass to the
// result; the looked-up rows stay whole.
// CHECK-LABEL: func @embedding
func.func @embedding(%t: tensor<512x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"model"}]>},
                     %ids: tensor<2x16xi64> {kiln.sharding = #kiln.sharding<@mesh, [{"data"}, {}]>}) -> tensor<2x16x64xf32> {
  // CHECK: kiln.gather {{.*}}[<@mesh, [{"data", ?}, {?}, {"model", ?}]>]
  %0 = kiln.gather %t[%ids] axis = 0 : (tensor<512x64xf32>, tensor<2x16xi64>) -> tensor<2x16x64xf32>
  return %0 : tensor<2x16x64xf32>
}

// -----

kiln.mesh @mesh = <["data"=2, "model"=4]>

// Uneven: 7 rows over 4 devices is allowed (the last block is padded).
// CHECK-LABEL: func @uneven_rows
func.func @uneven_rows(%a: tensor<7x3xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"model"}, {}]>}) -> tensor<7xf32> {
  // CHECK: kiln.reduce_sum {{.*}}[<@mesh, [{"model", ?}]>]
  %0 = kiln.reduce_sum %a dims = [1] : (tensor<7x3xf32>) -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

// No annotation, nothing to propagate.
// CHECK-LABEL: func @unannotated
// CHECK-NOT: kiln.sharding
func.func @unannotated(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.neg %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

kiln.mesh @mesh = <["data"=2, "model"=4]>

// A manual region's results start from its out_shardings; its operands
// are asked for in its in_shardings (open: a hint that reaches the
// producer, here the exp); nothing enters its body.
// CHECK-LABEL: func.func @manual
// CHECK: kiln.exp {{.*}}kiln.sharding = #kiln.sharding_per_value<[<@mesh, [{"data", ?}, {?}]>]>
// CHECK: kiln.manual_computation
// CHECK-NOT: kiln.sharding =
// CHECK: kiln.relu {{.*}}kiln.sharding = #kiln.sharding_per_value<[<@mesh, [{"data", ?}, {?}]>]>
func.func @manual(%x0: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %x = kiln.exp %x0 : tensor<8x16xf32>
  %y = kiln.manual_computation(%x) in_shardings = [<@mesh, [{"data"}, {}]>] out_shardings = [<@mesh, [{"data"}, {}]>] {
  ^bb0(%l: tensor<4x16xf32>):
    %n = kiln.neg %l : tensor<4x16xf32>
    kiln.yield %n : tensor<4x16xf32>
  } : (tensor<8x16xf32>) -> tensor<8x16xf32>
  %r = kiln.relu %y : tensor<8x16xf32>
  return %r : tensor<8x16xf32>
}
