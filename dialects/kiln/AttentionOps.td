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

#endif // KILN_DIALECT_ATTENTIONOPS_TD
