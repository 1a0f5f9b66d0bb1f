// What the partitioner refuses or warns about, at the op, with what to do
// instead.
// RUN: kiln-opt %s --kiln-shard-partition -split-input-file -verify-diagnostics

kiln.mesh @mesh = <["model"=4]>
func.func @strided_window(%x: tensor<1x8x16x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {}, {"model"}, {}]>}, %w: tensor<8x8x3x3xf32>) -> tensor<1x8x8x8xf32> {
  // expected-error @+1 {{cannot split window dim 2 of 'kiln.conv2d': the partitioner exchanges halos only for stride 1 with 'same' padding over an even split (got stride 2, padding 1/1, 16 rows over 4 devices)}}
  %y = kiln.conv2d %x, %w strides = [2, 2] padding = [1, 1, 1, 1] dilations = [1, 1] groups = 1 : (tensor<1x8x16x16xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x8x8xf32>
  return %y : tensor<1x8x8x8xf32>
}

// -----

kiln.mesh @mesh = <["model"=4]>
func.func @uneven_mean(%x: tensor<7x8xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"model"}, {}]>}) -> tensor<8xf32> {
  // expected-error @+1 {{cannot average over dim 0 split unevenly (7 rows over 4 devices)}}
  %y = kiln.reduce_mean %x dims = [0] : (tensor<7x8xf32>) -> tensor<8xf32>
  return %y : tensor<8xf32>
}

// -----

// An uneven split cannot survive a reshape that merges it: the rows are
// gathered, and the warning says so.
kiln.mesh @mesh = <["model"=4]>
func.func @uneven_reshape(%x: tensor<6x4xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"model"}, {}]>}) -> tensor<24xf32> {
  // expected-warning @+1 {{'kiln.reshape' needs dim 0 of a 'tensor<6x4xf32>' operand whole: gathering it from #kiln.sharding<@mesh, [{"model"}, {}]> costs 64 B per device}}
  %y = kiln.reshape %x : (tensor<6x4xf32>) -> tensor<24xf32>
  return %y : tensor<24xf32>
}
