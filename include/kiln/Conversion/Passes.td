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
    live (from the first use to the last use of it or of any view of it),
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

def ExternalizeWeightsPass
    : Pass<"kiln-externalize-weights", "::mlir::ModuleOp"> {
  let summary = "Move large constant buffers out of the code into one "
                "weights argument";
  let description = [{
    After bufferization, constants are `memref.global` ops whose data the
    object file would embed. This pass assigns every constant global of at
    least `min-bytes` bytes used by a public function an offset (64-byte
    aligned) in one weights blob, gives each such function one more
    argument, a `memref<Nxi8>` appended after the existing ones (before
    the arena that `kiln-plan-memory` adds), and replaces each
    `memref.get_global` by a `memref.view` into it. The function gets the
    attribute `kiln.weights_bytes = N`; the module keeps the data in
    `kiln.weights`, a list of `{offset, value}` dictionaries, for the
    compiler driver to write to the side file (and drop) before
    translation. Globals of element types without a byte-sized storage
    (i1) stay embedded.

    ```
    kiln-compile model.mlir --weights=model.weights -o model
    ```
  }];
  let options = [
    Option<"minBytes", "min-bytes", "int64_t", /*default=*/"64",
           "smallest constant, in bytes, that moves to the weights blob">,
  ];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
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
  let summary = "Schedule f32 matrix products on buffers as blocked, packed, "
                "register-tiled and parallel loop nests";
  let description = [{
    Replaces every `linalg.matmul` and `linalg.batch_matmul` on statically
    shaped f32 buffers (default indexing maps; B and C with unit innermost
    stride), and every `linalg.generic` computing
    `C[b, m, n] += A[m, k] B[b, k, n]` (a convolution after `kiln-im2col`),
    by the loop nest of BLIS-style GEMM libraries:

    * one `scf.forall` over tasks, each a `task-tile` block of C (rows x
      columns) of one batch element, which `kiln-outline-parallel` hands to
      the runtime's thread pool;
    * in each task, a loop over K in blocks of `kc` that packs the task's
      kc x nc block of B into contiguous nr-wide micro-panels, then, for
      each `mc` rows, packs that mc x kc block of A into mr-tall
      micro-panels (both on the task's stack);
    * a micro-kernel per (B micro-panel, A micro-panel) that keeps an
      mr x nr block of C in mr vectors of nr lanes across the K block, one
      broadcast and FMA per row and K step.

    Edge blocks (M % mr rows, N % nr columns) are known statically and get
    kernels of their own size. A `linalg.fill` of +0.0 into C just before
    the product (only views and constants in between, as bufferization
    leaves `C = 0; C += A B`) is absorbed: the first K block starts its
    accumulators from zero instead of loading C, so C is written once and
    never read. Other products are left to `linalg` loops.

    ```
    kiln-opt gemm.mlir --kiln-tile-contractions="register-tile=8,32 cache-tile=64,256"
    ```
  }];
  let options = [
    ListOption<"registerTile", "register-tile", "int64_t",
               "rows (mr) and columns (nr) of the register block "
               "(default 8, 32)">,
    ListOption<"cacheTile", "cache-tile", "int64_t",
               "rows (mc) of a packed A block and depth (kc) of the packed "
               "blocks (default 64, 256)">,
    ListOption<"taskTile", "task-tile", "int64_t",
               "rows (mt) and columns (nc) of the C block of one parallel "
               "task (default 1024, 512; rows shrink to keep a task's "
               "stack buffers under 3 MiB and to make at least 8 tasks)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect"];
}

def ParallelizeLoopsPass : Pass<"kiln-parallelize-loops"> {
  let summary = "Split large linalg ops on buffers into the tasks of an "
                "scf.forall";
  let description = [{
    Elementwise ops, reductions, transposes and other loops that
    `kiln-tile-contractions` does not schedule would otherwise run on one
    core. For each linalg op on static buffers that is not already inside
    an `scf.forall`, this pass estimates its work (iterations times the
    cost of its body: one per op, 12 per math function) and, when that is at least twice `min-task-work`,
    cuts its leading parallel loops into `tasks = min(max-tasks,
    work / min-task-work)` tiles or fewer:

    ```
    linalg.reduce ins(%x : memref<2x64x128xf32>) outs(%s : memref<2x64xf32>) dimensions = [2]
    // becomes, with 16 tasks:
    scf.forall (%t) in (16) {
      %i:2 = affine.delinearize_index %t into (2, 8)
      ... the same reduce on memref<1x8x128xf32> and memref<1x8xf32> subviews
    }
    ```

    Loops are cut outermost first and only by sizes that divide them, so
    every task has the same static shape (and its inner loops vectorize
    the same way); the first loop that cannot be cut evenly ends the
    split. Reduction loops are never cut, so each task owns its outputs.
    `kiln-outline-parallel` runs the foralls on the thread pool.
  }];
  let options = [
    Option<"minTaskWork", "min-task-work", "int64_t", /*default=*/"65536",
           "least work (iterations times body cost) worth a task of its own">,
    Option<"maxTasks", "max-tasks", "int64_t", /*default=*/"64",
           "most tasks one op is cut into">,
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect"];
}

def OutlineParallelPass : Pass<"kiln-outline-parallel", "::mlir::ModuleOp"> {
  let summary = "Run scf.forall loops on buffers on the runtime's thread pool";
  let description = [{
    Gives every public function one more argument, an `!llvm.ptr` to the
    Kiln runtime context (after all others, the arena included; the
    function gets the `kiln.runtime` attribute), and turns each outermost
    one-dimensional `scf.forall` from 0 with step 1 in it into a call

    ```
    kiln_parallel_for(runtime, count, @outlined, context)
    ```

    where `@outlined(context, i)` is the loop body as a private function
    and `context` a stack record of the values the body uses from outside
    (buffers as their LLVM descriptors, scalars as themselves; constants
    are recreated inside). The runtime runs `@outlined` for i in
    [0, count) on its threads and returns when all are done.

    Loops it does not outline (nested, multi-dimensional, in private
    functions) are left to `scf-forall-to-for`, after their fixed-size
    stack allocations move to the function entry so that the serial loop
    does not grow the stack on every iteration.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::LLVM::LLVMDialect"];
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

def ApproximateMathPass : Pass<"kiln-approximate-math"> {
  let summary = "Replace f32 exp, erf and tanh by inline polynomial "
                "approximations that LLVM can vectorize";
  let description = [{
    A `math.exp` or `math.erf` on f32 otherwise becomes a call to libm's
    `expf`/`erff` per element, which keeps the loop around it scalar (in the
    transformer block example these calls were a quarter of the run time).
    Upstream's polynomial approximations (`populateMathPolynomialApproximationPatterns`)
    replace them by range reduction and polynomials in plain arithmetic,
    which vectorize with the loop. Their error (a few ULP) stays well inside
    the 1e-5 the end-to-end tests allow; each function is listed in `ops`.
  }];
  let options = [
    ListOption<"ops", "ops", "std::string",
               "math functions to approximate (default: exp, erf, tanh)">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect"];
}

def ReassociateReductionsPass : Pass<"kiln-reassociate-reductions"> {
  let summary = "Let LLVM vectorize floating-point reductions by allowing "
                "them to be reordered";
  let description = [{
    Marks the combiner of every `linalg.generic` and `linalg.reduce`
    reduction on floats (`arith.addf`, `mulf`, `maximumf`, `minimumf`,
    `maxnumf`, `minnumf` that feeds the output back into itself) with
    `fastmath<reassoc>`. Without it LLVM must add the elements one after
    the other, which keeps sums scalar and bound by the add latency; with
    it the loop vectorizer keeps vector partial sums and combines them at
    the end, as XLA, oneDNN and ONNX Runtime do. Only the order of the
    additions changes: no other fast-math assumption (no NaNs, no
    infinities) is made, and each element is still added exactly once.
    Ops with implicit bodies (matmul, convolutions) are left alone.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def Im2ColPass : Pass<"kiln-im2col"> {
  let summary = "Rewrite f32 convolutions, grouped or not, as an im2col "
                "copy plus a batched matrix product";
  let description = [{
    Every f32 `linalg.conv_2d_nchw_fchw` and `linalg.conv_2d_ngchw_gfchw`
    on static tensors with at least 4 output channels per group becomes

    ```
    col[n, g, c, kh, kw, oh, ow] = in[n, g, c, oh*sh + kh*dh, ow*sw + kw*dw]
    out[(n,g), f, (oh,ow)]      += w[g, f, (c,kh,kw)] * col[(n,g), (c,kh,kw), (oh,ow)]
    ```

    The copy is a `linalg.generic` whose input indexing map is the
    convolution's own access, and the product is a `linalg.batch_matmul`
    over images x groups that `kiln-tile-contractions` schedules like any
    GEMM. With several images the (small) filter is repeated per image.

    Upstream's `linalg::rewriteInIm2Col` is not used. It computes every
    column element with index divisions and a `tensor.extract` (a gather
    per element), and it takes no groups. Here the copy's innermost loop is
    a row copy that LLVM vectorizes, and grouped convolutions get the GEMM
    schedule: 64 channels in 4 groups on 56x56 went from 14.7 ms (direct
    loops) to 0.97 ms on one thread.

    When there are fewer output pixels than filters (a late ResNet stage:
    7x7 pixels, 512 filters), the filter is a constant and the init is
    zero, pixels become the product's rows instead:
    `out^T[(n,g), (oh,ow), f] = col^T[...] W^T[g, (c,kh,kw), f]`.
    W^T is computed at compile time (a new `dense_resource` constant), and
    the result is transposed back into the init. With pixels as columns, a
    7x7 output filled 49 of 64 vector lanes and each packed filter row
    served only 49 columns. This took ResNet-18 from 57 ms to 30 ms on one
    thread.

    Depthwise convolutions (one filter per group) keep their direct loops,
    since a one-row product per group would leave the register blocks
    empty. The copy costs N*C*KH*KW*OH*OW element moves, against F/G times
    as many multiply-adds.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def OrderWindowLoopsPass : Pass<"kiln-order-window-loops"> {
  let summary = "Put the window loops of poolings outside the output-width "
                "loop, so that it vectorizes";
  let description = [{
    A named pooling iterates (n, c, oh, ow, kh, kw): the innermost loops run
    over the window, a few elements long and strided. Every
    `linalg.pooling_*` op on tensors is generalized, and its loops are
    permuted to (n, c, oh, kh, kw, ow):

    ```
    out[n, c, oh, ow] = max(out[n, c, oh, ow], in[n, c, oh*s + kh, ow*s + kw])
    // loops n, c, oh, kh, kw, then ow innermost
    ```

    The output row accumulates across the window loops, and the innermost
    loop is a row-long max (or sum) that LLVM vectorizes across output
    pixels. The order in which each output element visits its window is
    unchanged. A 3x3 stride-2 max pooling of 64x112x112 went from 1.01 ms to
    0.55 ms on one thread.

    Convolutions left as loops (depthwise, narrow groups) are not
    reordered. LLVM fully unrolls their small window inside the
    output-width loop, with the accumulator in a register, and that
    measured faster: 0.24 ms against 0.31 ms for a 3x3 depthwise on
    64x56x56.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def FuseElementwisePass : Pass<"kiln-fuse-elementwise"> {
  let summary = "Fuse elementwise producers into consumers that read each "
                "element once, without computing dear producers twice";
  let description = [{
    Upstream's `linalg-fuse-elementwise-ops` fuses a producer into any
    consumer, including contractions and broadcasting consumers that read
    each produced element many times; the fused producer is then recomputed
    that many times (a layer norm fused into the following matmul is
    evaluated once per multiply-add). This pass uses the same upstream
    patterns but fuses only when the consumer reads the producer's result
    through a permutation of all its loops, so that every element is still
    computed once per consumer. A producer whose result has other users
    stays, and fusing would compute it twice; that is allowed only for
    cheap producers (a body cost of at most 4, counting one per arithmetic
    op and 12 per math function: a bias add, a scale, a mask), so a
    softmax's exponentials are computed once, written, and read by both the
    sum and the division. It also folds the unit-extent and reshape
    patterns that upstream's pass applies.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def FuseSiblingsPass : Pass<"kiln-fuse-siblings"> {
  let summary = "Merge elementwise linalg.generic ops over the same loops "
                "that read a common operand into one multi-result op";
  let description = [{
    Producer-consumer fusion (`kiln-fuse-elementwise`) leaves siblings:
    elementwise ops over the same iteration space that read the same
    tensors but do not feed each other. An optimizer update is the typical
    case: Adam's new moments and its new parameter all read the gradient
    and the old moments, and the parameter's loop recomputes the moments
    rather than reading them. This pass merges such siblings into one
    `linalg.generic` with the results of both (XLA's sibling multi-output
    fusion), so that every shared operand is read once per element and,
    with buffer donation (`kiln-donate-buffers`), each loop reads the old
    state and writes the new state at the same element, which bufferizes in
    place.

    Two generics merge when both have only parallel loops, the same static
    loop ranges and identity result maps, they read at least one input
    value through the same permutation of the loops (a shared broadcast
    scalar, such as the step count that every parameter's update reads,
    does not count: merging those would only keep more tensors alive at
    once), and every user of the earlier op's results comes after the
    later op (so neither depends on the other). The merged op replaces the later
    one; duplicate inputs are folded by linalg's canonicalization.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def DonateBuffersPass : Pass<"kiln-donate-buffers", "::mlir::func::FuncOp"> {
  let summary = "Let each donated argument's buffer receive the result it "
                "is donated to; every other argument is read-only";
  let description = [{
    An argument with `kiln.donated_to = j` (written by
    `kiln-make-train-step` on parameters and optimizer state) gives its
    buffer to result `j`, as JAX's `donate_argnums` and XLA's input-output
    aliasing do: the caller passes the old value and finds the new one in
    the same buffer. On tensors, before bufferization, this pass
    - wraps result `j` in `bufferization.materialize_in_destination` into
      the argument, so that one-shot bufferization computes it in the
      argument's buffer (after `eliminate-empty-tensors`, the op producing
      it writes there directly) or, where that would clobber a value still
      to be read, copies it there at the end;
    - moves each op whose only use is such a result to just before the
      return, after every other reader of the old values, so that the
      in-place write conflicts with no later read;
    - marks the argument `bufferization.writable = true` and every other
      argument of a public function `false`: callers' inputs are never
      written.

    `kiln-drop-donated-results` removes the donated results after
    bufferization. A donation to a result of another type, to a missing
    result, or two donations to one result are errors.
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect"];
}

def DropDonatedResultsPass
    : Pass<"kiln-drop-donated-results", "::mlir::ModuleOp"> {
  let summary = "Remove the results of public functions that live in a "
                "donated argument's buffer";
  let description = [{
    After one-shot bufferization of the output of `kiln-donate-buffers`,
    each donated result is returned as the argument's own buffer. A
    public function's caller cannot be rewritten, which is why upstream's
    `drop-equivalent-buffer-results` leaves public functions alone; here
    the caller's contract (`kiln.donated_to`) says the new value is in the
    argument, so the result is dropped from the function's type and the
    attribute removed. A donated result that is not the argument's buffer
    (the pass ran on something else) is an error.
  }];
}

def CloneFillsPass : Pass<"kiln-clone-fills"> {
  let summary = "Give every op that accumulates into a filled tensor a fill "
                "of its own, right before it";
  let description = [{
    CSE merges identical `linalg.fill`s, so one zero-filled tensor ends up as
    the accumulator of every matmul and reduction of its shape. One-shot
    bufferization can write only one of them into the fill's buffer; each
    other one gets a fresh buffer and a `memref.copy` of the zeros (43
    copies in the 4-layer GPT, up to 256 KiB each), and the shared buffer
    stays alive from the first use to the last. This pass, run just before
    bufferization, replaces each use of a fill as an op's destination
    operand with a clone of the fill placed right before that op, so every
    accumulator is filled in its own buffer when it is needed.

    It does the same for `tensor.empty`: each use gets a clone right before
    its user. A shared empty tensor lets one-shot bufferization write every
    op of that shape into one buffer in turn; that buffer then lives from
    the first write to the last, and the memory plan cannot overlap the
    ops' own short lives with anything (the 4-layer GPT training step's
    arena was 19.4 MB for 15.3 MB of live tensors).
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def DropOptimizationBarriersPass : Pass<"kiln-drop-optimization-barriers"> {
  let summary = "Replace kiln.optimization_barrier ops by their operands";
  let description = [{
    Run after the last common subexpression elimination of the tensor
    stage, right before bufferization: from there on nothing merges equal
    computations, so the recomputations the barriers protected stay.
  }];
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
