//===- TensorOps.td - Kiln data-movement and constant ops -*- tablegen -*-===//
//
// Constants, iota, and ops that move data without arithmetic: reshape,
// transpose, broadcast, slice, concat, pad, gather, split.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_TENSOROPS_TD
#define KILN_DIALECT_TENSOROPS_TD

def Kiln_ConstantOp : Kiln_Op<"constant",
    [ConstantLike, Pure, AllTypesMatch<["value", "result"]>]> {
  let summary = "a tensor constant";
  let description = [{
    Produces `value`. Large weights use `dense_resource` so that the IR text
    stays small and the bytes live in one blob.

    ```mlir
    %c = kiln.constant dense<[1.0, 2.0]> : tensor<2xf32>
    %w = kiln.constant dense_resource<fc1_weight> : tensor<256x256xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
  let builders = [OpBuilder<(ins "::mlir::ElementsAttr":$value), [{
    build($_builder, $_state, value.getType(), value);
  }]>];
}

def Kiln_IotaOp : Kiln_Op<"iota", [Pure]> {
  let summary = "the index along one dimension, as a tensor";
  let description = [{
    `result[i0, ..., in] = i_dimension`, converted to the element type.

    ```mlir
    %pos = kiln.iota dim = 1 : tensor<1x128xi64>
    ```
  }];
  let arguments = (ins I64Attr:$dim);
  let results = (outs Kiln_NumericTensor:$result);
  let assemblyFormat = "`dim` `=` $dim attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Kiln_OptimizationBarrierOp
    : Kiln_Op<"optimization_barrier",
              [DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "pass values through unchanged, hiding that they are the same";
  let description = [{
    Returns its operands. It has no `Pure` trait on purpose: common
    subexpression elimination and folding must not see through it. The
    rematerialization pass (`kiln-remat`) feeds each recomputed chain
    through one, so that CSE cannot merge the recomputation back into the
    original computation and undo it (XLA's `opt-barrier` serves the same
    purpose). The CPU pipeline removes it just before bufferization
    (`kiln-drop-optimization-barriers`), after the last CSE.

    ```mlir
    %x2, %w2 = kiln.optimization_barrier %x, %w : tensor<8x16xf32>, tensor<16xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$operands);
  let results = (outs Variadic<AnyType>:$results);
  let assemblyFormat = "$operands attr-dict `:` type($operands)";
}

def Kiln_ReshapeOp : Kiln_Op<"reshape", [Pure]> {
  let summary = "reinterpret a tensor with a new shape of equal size";
  let description = [{
    Keeps the elements in row-major order; the result type gives the new
    shape, whose element count must equal the operand's.

    ```mlir
    %r = kiln.reshape %x : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$operand);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Kiln_TransposeOp : Kiln_Op<"transpose", [Pure, InferTypeOpAdaptor]> {
  let summary = "permute dimensions";
  let description = [{
    `result` dimension `i` is operand dimension `permutation[i]`.

    ```mlir
    %t = kiln.transpose %x permutation = [0, 2, 1, 3] : (tensor<2x128x4x64xf32>) -> tensor<2x4x128x64xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$operand, DenseI64ArrayAttr:$permutation);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $operand `permutation` `=` $permutation attr-dict `:`
      functional-type(operands, results)
  }];
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Kiln_BroadcastOp : Kiln_Op<"broadcast", [Pure]> {
  let summary = "broadcast to a larger shape (NumPy rules)";
  let description = [{
    Expands `operand` to the result shape: trailing dimensions align, and a
    dimension of size 1 (or a missing leading one) repeats.

    ```mlir
    %b = kiln.broadcast %bias : (tensor<64xf32>) -> tensor<8x64xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$operand);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Kiln_SliceOp : Kiln_Op<"slice", [Pure, InferTypeOpAdaptor]> {
  let summary = "a strided box of a tensor";
  let description = [{
    Takes, in every dimension `d`, the elements `start[d], start[d] +
    stride[d], ...` below `limit[d]`. Bounds satisfy `0 <= start <= limit
    <= size` and strides are positive.

    ```mlir
    %s = kiln.slice %x [0:2:1, 1:4:2] : (tensor<4x6xf32>) -> tensor<2x2xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$operand, DenseI64ArrayAttr:$start,
                   DenseI64ArrayAttr:$limit, DenseI64ArrayAttr:$stride);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $operand custom<SliceBounds>($start, $limit, $stride) attr-dict `:`
      functional-type(operands, results)
  }];
  let hasFolder = 1;
}

def Kiln_ConcatOp : Kiln_Op<"concat", [Pure, InferTypeOpAdaptor]> {
  let summary = "join tensors along one dimension";
  let description = [{
    All operands have the same rank, element type and sizes except along
    `dim`, where the result's size is their sum.

    ```mlir
    %c = kiln.concat %a, %b dim = 1 : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
    ```
  }];
  let arguments = (ins Variadic<Kiln_Tensor>:$inputs, I64Attr:$dim);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $inputs `dim` `=` $dim attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
}

def Kiln_SplitOp : Kiln_Op<"split", [Pure, InferTypeOpAdaptor]> {
  let summary = "cut a tensor into consecutive pieces along one dimension";
  let description = [{
    Produces one result per entry of `sizes`; the sizes add up to the
    operand's size along `dim`.

    ```mlir
    %q, %k, %v = kiln.split %qkv dim = 2 sizes = [64, 64, 64] : (tensor<2x16x192xf32>) -> (tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x16x64xf32>)
    ```
  }];
  let arguments = (ins Kiln_Tensor:$operand, I64Attr:$dim,
                   DenseI64ArrayAttr:$sizes);
  let results = (outs Variadic<Kiln_Tensor>:$results);
  let assemblyFormat = [{
    $operand `dim` `=` $dim `sizes` `=` $sizes attr-dict `:`
      functional-type(operands, results)
  }];
  let hasFolder = 1;
}

def Kiln_PadOp : Kiln_Op<"pad", [Pure, InferTypeOpAdaptor]> {
  let summary = "grow a tensor with a constant border";
  let description = [{
    Adds `low[d]` elements before and `high[d]` after dimension `d`, all
    equal to `value` (an attribute of the element type). Amounts are
    non-negative; use `kiln.slice` to crop.

    ```mlir
    %p = kiln.pad %x low = [0, 0, 1, 1] high = [0, 0, 1, 1] value = 0.0 : f32 : (tensor<1x3x8x8xf32>) -> tensor<1x3x10x10xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$operand, DenseI64ArrayAttr:$low,
                   DenseI64ArrayAttr:$high, TypedAttrInterface:$value);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $operand `low` `=` $low `high` `=` $high `value` `=` $value attr-dict `:`
      functional-type(operands, results)
  }];
  let hasFolder = 1;
}

def Kiln_GatherOp : Kiln_Op<"gather", [Pure, InferTypeOpAdaptor]> {
  let summary = "take slices of a tensor at integer indices (embedding lookup)";
  let description = [{
    Like ONNX `Gather` and `numpy.take`: with `data` of shape
    `D0 x ... x Dn` and `indices` of shape `I`, the result has shape
    `D0 .. D(axis-1) x I x D(axis+1) .. Dn` and takes
    `data[..., indices[j], ...]` along `axis`. Negative indices count from
    the end; out-of-range indices are undefined behaviour.

    ```mlir
    %e = kiln.gather %table[%ids] axis = 0 : (tensor<512x256xf32>, tensor<2x128xi64>) -> tensor<2x128x256xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$data, Kiln_IndexTensor:$indices,
                   I64Attr:$axis);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $data `[` $indices `]` `axis` `=` $axis attr-dict `:`
      functional-type(operands, results)
  }];
}

def Kiln_GatherElementsOp : Kiln_Op<"gather_elements", [Pure]> {
  let summary = "take one element along an axis for every index";
  let description = [{
    Like ONNX `GatherElements` and `torch.gather`: `indices` has the rank
    of `data`, no dimension larger than data's except along `axis`, and the
    result has the shape and `data`'s element type:
    `result[i0, .., ik, ..] = data[i0, .., indices[i0, .., ik, ..], ..]`
    with `ik` the position along `axis`. Negative indices count from the
    end; indices out of range are clamped into it.

    ```mlir
    %p = kiln.gather_elements %logp[%target] axis = 1 : (tensor<8x10xf32>, tensor<8x1xi64>) -> tensor<8x1xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$data, Kiln_IndexTensor:$indices,
                   I64Attr:$axis);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $data `[` $indices `]` `axis` `=` $axis attr-dict `:`
      functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Kiln_ScatterElementsOp : Kiln_Op<"scatter_elements", [Pure]> {
  let summary = "write updates into a copy of data at indices along an axis";
  let description = [{
    The inverse of `gather_elements`, like ONNX `ScatterElements` and
    `torch.scatter`: `indices` and `updates` have one shape, of data's rank
    and no larger than data's except along `axis`. The result is `data`
    with, for every position `u` of `updates` in row-major order,

    `result[u0, .., indices[u], ..] = reduction(result[...], updates[u])`

    (the index replacing `u`'s position along `axis`). `reduction` is
    `none` (the update replaces the element; of updates that hit one
    element the last wins), `add`, `mul`, `max` or `min`. Negative indices
    count from the end; updates whose index is out of range are dropped,
    as XLA's scatter drops them.

    ```mlir
    %r = kiln.scatter_elements %data[%indices] = %updates axis = 1 reduction = add : (tensor<3x5xf32>, tensor<3x2xi64>, tensor<3x2xf32>) -> tensor<3x5xf32>
    ```
  }];
  let arguments = (ins Kiln_Tensor:$data, Kiln_IndexTensor:$indices,
                   Kiln_Tensor:$updates, I64Attr:$axis,
                   Kiln_ScatterReduction:$reduction);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $data `[` $indices `]` `=` $updates `axis` `=` $axis `reduction` `=`
      $reduction attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // KILN_DIALECT_TENSOROPS_TD
