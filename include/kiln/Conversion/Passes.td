//===- Passes.td - Kiln lowering passes ------------------*- tablegen -*-===//
//
// Every pass that lowers kiln (or Kiln's lowered forms) towards machine
// code, its options and the dialects it creates.
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
    "::mlir::math::MathDialect", "::mlir::tensor::TensorDialect"];
}

def PlanMemoryPass : Pass<"kiln-plan-memory", "::mlir::ModuleOp"> {
  let summary = "Place every static buffer of a public function in one arena";
  let description = [{
    After bufferization, finds the statically shaped `memref.alloc` ops at
    the top level of each public function body, computes when each buffer is
    live (from its allocation to the last use of it or of any view of it),
    and assigns byte offsets in a single arena so that buffers live at the
    same time never overlap. The assignment is greedy by decreasing size,
    each buffer at the lowest `alignment`-aligned offset that fits, which is
    the approach TFLite's and XLA's static planners take.

    The arena becomes one more argument of the function, a
    `memref<Nxi8>` appended after the existing ones, and each planned
    allocation a `memref.view` into it; the function gets the attribute
    `kiln.arena_bytes = N` so that a runtime can allocate it once. Buffers
    that escape (returned or passed to a call) and allocations inside loops
    are left as they are, for the deallocation pipeline to handle.

    ```
    kiln-opt model.mlir --one-shot-bufferize=bufferize-function-boundaries \
        --buffer-results-to-out-params --kiln-plan-memory
    ```
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", /*default=*/"64",
           "byte alignment of every buffer in the arena (a power of two)">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

def LowerCopiesPass : Pass<"kiln-lower-copies"> {
  let summary = "Rewrite memref.copy as linalg.copy";
  let description = [{
    `memref.copy` between buffers with non-identity layouts (slices, for
    example) lowers to a call into MLIR's C runner library (`memrefCopy`),
    which compiled models must not depend on. As `linalg.copy` the copy
    becomes ordinary loops that LLVM vectorizes or turns into `memcpy`.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def TileContractionsPass : Pass<"kiln-tile-contractions"> {
  let summary = "Tile matrix products into register blocks and vectorize them";
  let description = [{
    Tiles every `linalg.matmul` and `linalg.batch_matmul` on tensors into
    `register-tile` blocks (M x N x K, plus batch 1) with `scf.for` loops,
    vectorizes each block to one `vector.contract`, and hoists the slice of
    the result block out of the K loop (`kiln-lower-vectors` hoists its
    vector read and write on buffers), so that the accumulator stays in
    vector registers across the reduction. Products
    whose sizes the tile does not divide are left for later lowering.

    This is the first, cache-unaware level of the CPU contraction schedule;
    packing and cache tiling come on top of it.
  }];
  let options = [
    ListOption<"registerTile", "register-tile", "int64_t",
               "M, N, K sizes of a register block (default 8, 32, 1)">,
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect"];
}

def LowerVectorsPass : Pass<"kiln-lower-vectors"> {
  let summary = "Lower n-D vector ops to the 1-D forms LLVM conversion takes";
  let description = [{
    First hoists vector transfers that read and write the same buffer
    location in every iteration of a loop (the accumulator of a
    register-tiled matmul) out of it. Then runs upstream's progressive
    vector lowerings in the order the CPU pipeline needs them: `vector.contract` to outer products and then FMAs,
    transposes, broadcasts, shape casts, multi-reductions, and transfers
    (with their permutation maps) to loads and stores. What remains is
    1-D vector arithmetic that `convert-vector-to-llvm` maps to LLVM vector
    instructions.
  }];
  let dependentDialects = ["::mlir::vector::VectorDialect"];
}

def FuseElementwisePass : Pass<"kiln-fuse-elementwise"> {
  let summary = "Fuse elementwise producers into consumers that read each "
                "element once";
  let description = [{
    Upstream's `linalg-fuse-elementwise-ops` fuses a producer into any
    consumer, including contractions and broadcasting consumers that read
    each produced element many times; the fused producer is then recomputed
    that many times (a layer norm fused into the following matmul is
    evaluated once per multiply-add). This pass uses the same upstream
    patterns but fuses only when the consumer reads the producer's result
    through a permutation of all its loops, so that every element is still
    computed once; it also folds the unit-extent and reshape patterns that
    upstream's pass applies.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

#endif // KILN_CONVERSION_PASSES_TD
