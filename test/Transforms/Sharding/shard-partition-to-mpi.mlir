// Kiln's partitioned output is upstream shard IR: upstream's own
// convert-shard-to-mpi lowers its all-reduce and halo exchange to MPI.
// (LLVM 22's convert-shard-to-mpi has no pattern for all_gather,
// all_slice, all_to_all or reduce_scatter yet.)
// RUN: kiln-opt %s --kiln-shard-partition --mlir-print-op-generic | mlir-opt --allow-unregistered-dialect --convert-shard-to-mpi | FileCheck %s

kiln.mesh @mesh = <["data"=2, "model"=4]>

// CHECK-LABEL: func.func @megatron
// CHECK: mpi.comm_split
// CHECK: mpi.allreduce({{.*}}, MPI_SUM, %{{.*}}) : memref<1024xf32>, memref<1024xf32>
// CHECK-NOT: shard.all_reduce
func.func @megatron(%x: tensor<16x64xf32>, %w1: tensor<64x256xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {"model"}]>}, %w2: tensor<256x64xf32> {kiln.sharding = #kiln.sharding<@mesh, [{"model"}, {}]>}) -> tensor<16x64xf32> {
  %h = kiln.dot %x, %w1, <batch = [] x [], contract = [1] x [0]> : (tensor<16x64xf32>, tensor<64x256xf32>) -> tensor<16x256xf32>
  %g = kiln.gelu %h : tensor<16x256xf32>
  %y = kiln.dot %g, %w2, <batch = [] x [], contract = [1] x [0]> : (tensor<16x256xf32>, tensor<256x64xf32>) -> tensor<16x64xf32>
  return %y : tensor<16x64xf32>
}

// CHECK-LABEL: func.func @conv_halo
// CHECK-DAG: mpi.send
// CHECK-DAG: mpi.recv
// CHECK-NOT: shard.update_halo
func.func @conv_halo(%x: tensor<1x8x16x16xf32> {kiln.sharding = #kiln.sharding<@mesh, [{}, {}, {"model"}, {}]>}, %w: tensor<8x8x3x3xf32>) -> tensor<1x8x16x16xf32> {
  %y = kiln.conv2d %x, %w strides = [1, 1] padding = [1, 1, 1, 1] dilations = [1, 1] groups = 1 : (tensor<1x8x16x16xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x16x16xf32>
  return %y : tensor<1x8x16x16xf32>
}
