//===- Passes.td - Attention codegen ---------------------------*- tablegen -*-===//
//
// The FlashAttention-style lowering of kiln.attention, on tensors, shared
// by every target: the CPU pipeline runs it before convert-kiln-to-linalg,
// and a GPU target maps the same loop nest onto blocks and warps.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_ATTENTION_PASSES_TD
#define KILN_CODEGEN_ATTENTION_PASSES_TD

include "mlir/Pass/PassBase.td"

def TileAttentionPass : Pass<"kiln-tile-attention"> {
  let summary = "Lower kiln.attention and its backward to tiled loop nests "
                "(an online softmax; recomputation from the log-sum-exp), "
                "without the [batch, heads, Sq, Sk] score matrix";
  let description = [{
    FlashAttention-2's forward pass on tensors. One `scf.forall` runs a
    task per (batch, query head, block of `q-block` query rows); each
    task streams the key/value blocks of its kv head (`k-block` keys) in
    an `scf.for`, keeping per row a running maximum `m`, a running sum `l`
    and an accumulator `acc`, all in f32 (f64 for f64 models):

    ```
    s = (q * scale) k^T            block scores, the scale folded into q
    m' = max(m, rowmax(s))
    p = exp(s - m'),  alpha = exp(m - m')
    l = l * alpha + rowsum(p),  acc = acc * alpha + p v
    out = acc / l                  (0 where l = 0: every key masked)
    ```

    Memory is O(sequence): the largest temporaries are the block scores
    (`q-block` x `k-block`) and, once per op, K transposed (and padded
    when no block size divides the sequence). Causal attention runs only
    the key blocks at or below the diagonal and masks only the blocks
    that cross it; boolean and additive masks (broadcast as the op says,
    key-padding masks `[b, 1, 1, s]` included) are read per block;
    grouped-query heads read their kv head's blocks in place. The block
    products are `linalg.matmul`s, which the CPU pipeline schedules like
    any other (`kiln-tile-contractions`); `exp` goes through
    `kiln-approximate-math` with the rest.

    A forward with fewer tasks than `decode-tasks` (a decode step: one
    query per head over a long KV cache) splits each query block's key
    blocks into parts, one task each (flash-decoding): each part keeps
    its own `(m, l, acc)`, and one combine over the parts gives
    `out = sum(acc_p e^(m_p - M)) / sum(l_p e^(m_p - M))`, `M = max m_p`.

    `kiln.attention_lse` runs the same nest and also writes each row's
    log-sum-exp `m + log(l)` (`+inf` for a row that saw no key).

    `kiln.attention_grad` is FlashAttention-2's backward: one task per
    (batch, query head) walks the key blocks, keeping that block's dk and
    dv, and streams the query blocks that see it (causal blocks above the
    diagonal are skipped, the diagonal ones masked), recomputing the
    probabilities from the saved log-sum-exp:

    ```
    s = (q * scale) k^T,  p = exp(s - lse)
    dv += p^T g,  dp = g v^T,  ds = p * (dp - rowsum(g * out))
    dk += ds^T (q * scale),  dq += ds k      (dq scaled once at the end)
    ```

    The task owns its query head's dq rows; grouped query heads' dk and dv
    partials are summed into their kv head after the nest. Memory is
    O(sequence) here too.

    Rows whose keys are all masked give 0, as in the decomposed form
    (`kiln-decompose`), which stays the reference behind the CPU
    pipeline's `tile-attention=false` (kiln-compile `--attention=decomposed`).
    Ops with dynamic or empty shapes are left to that decomposition.

    ```
    kiln-opt model.mlir --kiln-tile-attention=q-block=64 k-block=64
    ```
  }];
  let options = [
    Option<"qBlock", "q-block", "int64_t", /*default=*/"64",
           "most query rows per task (blocks are evened out over the "
           "sequence)">,
    Option<"kBlock", "k-block", "int64_t", /*default=*/"64",
           "most keys per streamed block">,
    Option<"decodeTasks", "decode-tasks", "int64_t", /*default=*/"32",
           "split the key blocks of each query block (split-K, "
           "flash-decoding) when the forward has fewer tasks than this, "
           "into parts of at least two blocks, until it has that many; "
           "1 never splits">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

#endif // KILN_CODEGEN_ATTENTION_PASSES_TD
