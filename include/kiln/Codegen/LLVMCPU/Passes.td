//===- Passes.td - CPU codegen ---------------------------------*- tablegen -*-===//
//
// Codegen passes of the CPU target: convolution strategies (im2col, window
// loop order), inline math approximations, the packed GEMM schedule,
// parallel tasks on the runtime thread pool, and vector lowering.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_LLVMCPU_PASSES_TD
#define KILN_CODEGEN_LLVMCPU_PASSES_TD

include "mlir/Pass/PassBase.td"

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
    the 1e-5 the end-to-end tests allow; each function family has its own
    switch (`exp`, `erf`, `tanh`).
  }];
  let options = [
    // One switch per function family (an enum ListOption would be the
    // natural spelling, but MLIR 22's ListOption parses elements with a
    // parser that never sees cl::values).
    Option<"exp", "exp", "bool", /*default=*/"true",
           "approximate math.exp">,
    Option<"erf", "erf", "bool", /*default=*/"true",
           "approximate math.erf">,
    Option<"tanh", "tanh", "bool", /*default=*/"true",
           "approximate math.tanh">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect"];
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
               "stack buffers under 3 MiB and, for a product not already "
               "inside an scf.forall task, to make at least 8 tasks)">,
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

def ExpandBf16CastsPass : Pass<"kiln-expand-bf16-casts"> {
  let summary = "Expand conversions to and from bf16 into integer arithmetic";
  let description = [{
    x86 CPUs without AVX512-BF16 (AVX2 machines, most AMD EPYCs) have no
    instruction that rounds f32 to bf16, and LLVM then calls
    `__truncsfbf2`, which neither Debian 12's libgcc nor Kiln's runtime
    provides: a JIT-compiled model failed to link and a compiled one to
    build, and in a vector loop the call would be made once per lane.
    This pass rewrites `arith.truncf` to bf16 and `arith.extf` from bf16
    (scalars and vectors) into the shifts, adds and selects of upstream's
    `populateExpandBFloat16Patterns` (round to nearest even, NaN kept
    quiet), which vectorize on every target. f64 goes to bf16 through f32:
    two roundings, which can differ from one in the last bf16 bit when the
    f64 lies within 2^-29 of a bf16 halfway point.

    The pipeline runs it after `math-extend-to-supported-types` and
    `arith-emulate-unsupported-floats` (bf16 to f32), which leave
    arithmetic on bf16 as f32 arithmetic between such conversions, so no
    bf16 operation reaches LLVM to be promoted there. On machines with
    AVX512-BF16 it costs a few integer operations per converted element
    instead of one instruction.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
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

#endif // KILN_CODEGEN_LLVMCPU_PASSES_TD
