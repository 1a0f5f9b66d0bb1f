//===- Passes.td - Kiln conversions ----------------------------*- tablegen -*-===//
//
// Conversions between dialects: kiln to linalg, and upstream shard
// collectives to the MPI runtime (ShardToMpi).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CONVERSION_PASSES_TD
#define KILN_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertKilnToLinalgPass : Pass<"convert-kiln-to-linalg"> {
  let summary = "Lower every kiln op to linalg, tensor, arith and math";
  let description = [{
    First decomposes composite ops (the `--kiln-decompose` patterns), then
    lowers each primitive op on tensors:

    * elementwise ops, compare, select, cast, iota and broadcast become
      `linalg.generic` ops whose indexing maps carry the NumPy broadcasting,
      so later elementwise fusion sees through it;
    * dot becomes `linalg.matmul` / `linalg.batch_matmul` when its dimensions
      are in that order, else a contraction `linalg.generic`;
    * conv2d becomes `linalg.conv_2d_nchw_fchw` (grouped:
      `linalg.conv_2d_ngchw_gfchw`) after a `tensor.pad`; pooling becomes
      `linalg.pooling_nchw_{max,sum}`, the average dividing by a constant
      count of in-bounds positions;
    * reductions become `linalg.reduce`, argmax a two-result
      `linalg.generic`;
    * reshape, transpose, slice, concat, split, pad and gather become
      `tensor` reshapes/slices, `linalg.transpose`, `tensor.pad` and a
      `linalg.generic` with `tensor.extract`.

    Any kiln op left over is an error naming the op.

    ```
    kiln-opt model.mlir --convert-kiln-to-linalg
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"];
}

def LowerShardCollectivesPass
    : Pass<"kiln-lower-shard-collectives", "::mlir::ModuleOp"> {
  let summary = "Lower upstream shard collectives on tensors to calls into "
                "Kiln's MPI runtime";
  let description = [{
    Each `shard.all_reduce`, `all_gather`, `all_slice`, `reduce_scatter`,
    `all_to_all` and `update_halo` on tensors becomes a call into
    `libKilnRuntimeMpi` (lib/Runtime/shard_mpi.c) on contiguous buffers:
    the operand through `bufferization.to_buffer`, the result a fresh
    `memref.alloc` read back with `bufferization.to_tensor restrict`. The
    calls carry the grid's shape and the group's axes, so the runtime
    splits MPI_COMM_WORLD into the groups (row-major process order, as
    `shard.process_multi_index` numbers them) on first use. The grids,
    Kiln meshes and `kiln.spmd` markers go once nothing needs them.

    Upstream's `convert-shard-to-mpi` emits the `mpi` dialect instead; in
    LLVM 22 it lowers only all-reduce and halo updates, not the gathers,
    slices, reduce-scatters and all-to-alls a partitioned model needs.
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect"];
}

#endif // KILN_CONVERSION_PASSES_TD
