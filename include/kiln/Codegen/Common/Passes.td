//===- Passes.td - Target-neutral codegen ----------------------*- tablegen -*-===//
//
// Codegen passes every target shares, on linalg (tensors or buffers):
// elementwise and sibling fusion, reassociation, accumulator fills,
// buffer donation and the static memory plan, weights externalization.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_COMMON_PASSES_TD
#define KILN_CODEGEN_COMMON_PASSES_TD

include "mlir/Pass/PassBase.td"

def FuseElementwisePass : Pass<"kiln-fuse-elementwise"> {
  let summary = "Fuse elementwise producers into consumers that read each "
                "element once, without computing expensive producers twice";
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

#endif // KILN_CODEGEN_COMMON_PASSES_TD
