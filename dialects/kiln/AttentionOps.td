//===- AttentionOps.td - Kiln scaled dot-product attention -*- tablegen -*-===//
//
// One op for (multi-head, grouped-query, causal, masked) attention.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_ATTENTIONOPS_TD
#define KILN_DIALECT_ATTENTIONOPS_TD

def Kiln_AttentionOp : Kiln_Op<"attention", [Pure, InferTypeOpAdaptor]> {
  let summary = "scaled dot-product attention";
  let description = [{
    `softmax(q k^T * scale + mask) v` per batch and head, with
    `q: [B, Hq, Sq, D]`, `k: [B, Hkv, Sk, D]`, `v: [B, Hkv, Sk, Dv]` and
    result `[B, Hq, Sq, Dv]`. Grouped-query attention: `Hkv` divides `Hq`
    and query head `h` reads kv head `h / (Hq / Hkv)`.

    * `scale` defaults to `1 / sqrt(D)`.
    * `mask` broadcasts (NumPy rules) to `[B, Hq, Sq, Sk]`. An `i1` mask
      says which positions take part (`true` = attend, as PyTorch's boolean
      `attn_mask`); a float mask is added to the scores.
    * `causal` lets query `i` attend to key `j` only when
      `j <= i + (Sk - Sq)` (the last query sees every key, as in decoding
      with a KV cache).

    ```mlir
    %o = kiln.attention %q, %k, %v causal : (tensor<2x8x128x64xf32>, tensor<2x2x128x64xf32>, tensor<2x2x128x64xf32>) -> tensor<2x8x128x64xf32>
    %p = kiln.attention %q, %k, %v mask %m scale = 1.250000e-01 : (tensor<2x8x128x64xf32>, tensor<2x8x128x64xf32>, tensor<2x8x128x64xf32>, tensor<2x1x1x128xi1>) -> tensor<2x8x128x64xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$query, Kiln_FloatTensor:$key,
                   Kiln_FloatTensor:$value,
                   Optional<Kiln_BoolOrFloatTensor>:$mask,
                   OptionalAttr<F32Attr>:$scale, UnitAttr:$causal);
  let results = (outs Kiln_FloatTensor:$result);
  let assemblyFormat = [{
    $query `,` $key `,` $value (`mask` $mask^)? (`scale` `=` $scale^)?
      (`causal` $causal^)? attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// The scale applied to q k^T: the attribute, or 1/sqrt(head_dim).
    double getEffectiveScale();
  }];
}

def Kiln_AttentionLseOp : Kiln_Op<"attention_lse",
                                  [Pure, InferTypeOpAdaptor]> {
  let summary = "attention and the log-sum-exp of its scores";
  let description = [{
    `kiln.attention` (same operands, attributes and `result`) that also
    returns `lse: [B, Hq, Sq]`, the log-sum-exp of each row of the scaled,
    masked scores: `log(sum_j exp(s_ij))` over the keys the row sees, and
    `+inf` for a row that sees none (so that `exp(s - lse)` is 0 there).
    `lse` is in f32 (f64 for f64 operands) whatever the operands' type.
    It is the residual of FlashAttention-2's backward, `kiln.attention_grad`:
    `--kiln-autodiff` turns the forward `kiln.attention` of a gradient into
    this op.

    ```mlir
    %o, %lse = kiln.attention_lse %q, %k, %v causal : (tensor<1x8x128x64xbf16>, tensor<1x8x128x64xbf16>, tensor<1x8x128x64xbf16>) -> (tensor<1x8x128x64xbf16>, tensor<1x8x128xf32>)
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$query, Kiln_FloatTensor:$key,
                   Kiln_FloatTensor:$value,
                   Optional<Kiln_BoolOrFloatTensor>:$mask,
                   OptionalAttr<F32Attr>:$scale, UnitAttr:$causal);
  let results = (outs Kiln_FloatTensor:$result, Kiln_FloatTensor:$lse);
  let assemblyFormat = [{
    $query `,` $key `,` $value (`mask` $mask^)? (`scale` `=` $scale^)?
      (`causal` $causal^)? attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// The scale applied to q k^T: the attribute, or 1/sqrt(head_dim).
    double getEffectiveScale();
  }];
}

def Kiln_AttentionGradOp : Kiln_Op<"attention_grad",
                                   [Pure, InferTypeOpAdaptor]> {
  let summary = "the gradient of attention, from its output and log-sum-exp";
  let description = [{
    The adjoints `(dq, dk, dv)` of `kiln.attention`'s query, key and value
    given the adjoint `grad` of its result, FlashAttention-2's backward:
    with `s = q k^T * scale + mask` (and the causal mask),
    `p = exp(s - lse)`, `dv = p^T grad`, `dp = grad v^T`,
    `ds = p * (dp - rowsum(grad * output))`, `dq = ds k * scale` and
    `dk = ds^T q * scale`; grouped-query heads sum into their kv head.
    `output` and `lse` are `kiln.attention_lse`'s results for the same
    operands and attributes. The mask gets no gradient (autodiff keeps
    attention with a differentiated mask on its decomposition).

    ```mlir
    %dq, %dk, %dv = kiln.attention_grad %q, %k, %v, %o, %lse, %do causal : (tensor<1x8x128x64xf32>, tensor<1x2x128x64xf32>, tensor<1x2x128x64xf32>, tensor<1x8x128x64xf32>, tensor<1x8x128xf32>, tensor<1x8x128x64xf32>) -> (tensor<1x8x128x64xf32>, tensor<1x2x128x64xf32>, tensor<1x2x128x64xf32>)
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$query, Kiln_FloatTensor:$key,
                   Kiln_FloatTensor:$value, Kiln_FloatTensor:$output,
                   Kiln_FloatTensor:$lse, Kiln_FloatTensor:$grad,
                   Optional<Kiln_BoolOrFloatTensor>:$mask,
                   OptionalAttr<F32Attr>:$scale, UnitAttr:$causal);
  let results = (outs Kiln_FloatTensor:$query_grad,
                 Kiln_FloatTensor:$key_grad, Kiln_FloatTensor:$value_grad);
  let assemblyFormat = [{
    $query `,` $key `,` $value `,` $output `,` $lse `,` $grad
      (`mask` $mask^)? (`scale` `=` $scale^)? (`causal` $causal^)? attr-dict
      `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// The scale applied to q k^T: the attribute, or 1/sqrt(head_dim).
    double getEffectiveScale();
  }];
}

#endif // KILN_DIALECT_ATTENTIONOPS_TD
