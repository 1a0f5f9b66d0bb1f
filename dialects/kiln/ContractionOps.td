//===- ContractionOps.td - Kiln dot, convolution, pooling -*- tablegen -*-===//
//
// Ops whose every output reads a window or a whole axis of the input:
// dot (matmul), 2-D convolution and pooling.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_CONTRACTIONOPS_TD
#define KILN_DIALECT_CONTRACTIONOPS_TD

def Kiln_DotOp : Kiln_Op<"dot", [Pure, InferTypeOpAdaptor]> {
  let summary = "generalized matrix product with batch and contracting dims";
  let description = [{
    Multiplies `lhs` and `rhs`, summing over each pair of contracting
    dimensions. The result's dimensions are: the batch dimensions (in the
    order listed), then lhs's remaining dimensions, then rhs's remaining
    dimensions, each in operand order. Paired dimensions have equal sizes.
    Both operands and the result share one element type; for integer types
    products accumulate in that type.

    ```mlir
    // [B, M, K] x [B, K, N] -> [B, M, N]
    %0 = kiln.dot %a, %b, <batch = [0] x [0], contract = [2] x [1]> : (tensor<4x8x16xf32>, tensor<4x16x32xf32>) -> tensor<4x8x32xf32>
    // A linear layer, [S, D] x [D, F] -> [S, F]
    %1 = kiln.dot %x, %w, <batch = [] x [], contract = [1] x [0]> : (tensor<128x256xf32>, tensor<256x1024xf32>) -> tensor<128x1024xf32>
    ```
  }];
  let arguments = (ins Kiln_NumericTensor:$lhs, Kiln_NumericTensor:$rhs,
                   Kiln_DotDimensionsAttr:$dimensions);
  let results = (outs Kiln_NumericTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs `,` $dimensions attr-dict `:`
      functional-type(operands, results)
  }];
}

def Kiln_Conv2DOp : Kiln_Op<"conv2d", [Pure, InferTypeOpAdaptor]> {
  let summary = "2-D convolution (NCHW input, OIHW filter)";
  let description = [{
    Cross-correlates `input` `[N, C, H, W]` with `filter`
    `[F, C / groups, KH, KW]` giving `[N, F, OH, OW]`, where
    `OH = (H + pad_top + pad_bottom - dilation_h * (KH - 1) - 1) / stride_h + 1`
    (likewise OW). `padding` is `[top, left, bottom, right]` as in ONNX.
    `groups` divides both `C` and `F` (depthwise: `groups = C`). A bias is
    a separate broadcasting `kiln.add`.

    ```mlir
    %y = kiln.conv2d %x, %w strides = [2, 2] padding = [3, 3, 3, 3] dilations = [1, 1] groups = 1 : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>) -> tensor<1x64x112x112xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$input, Kiln_FloatTensor:$filter,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$padding,
                   DenseI64ArrayAttr:$dilations, I64Attr:$groups);
  let results = (outs Kiln_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $filter `strides` `=` $strides `padding` `=` $padding
      `dilations` `=` $dilations `groups` `=` $groups attr-dict `:`
      functional-type(operands, results)
  }];
}

class Kiln_Pool2DOp<string mnemonic, string what> : Kiln_Op<mnemonic,
    [Pure, InferTypeOpAdaptor]> {
  let summary = what # " pooling over 2-D windows (NCHW)";
  let arguments = (ins Kiln_FloatTensor:$input, DenseI64ArrayAttr:$window,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$padding);
  let results = (outs Kiln_FloatTensor:$result);
  let assemblyFormat = [{
    $input `window` `=` $window `strides` `=` $strides `padding` `=` $padding
      attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return inferPool2D(location, getOperationName(),
          ::llvm::cast<::mlir::RankedTensorType>(adaptor.getInput().getType()),
          adaptor.getWindow(), adaptor.getStrides(), adaptor.getPadding(),
          inferred);
    }
  }];
}

def Kiln_MaxPool2DOp : Kiln_Pool2DOp<"max_pool2d", "max"> {
  let description = [{
    The largest element of each `window` (`[KH, KW]`) placed every
    `strides` over `input` `[N, C, H, W]`; padded positions
    (`padding = [top, left, bottom, right]`) never win.

    ```mlir
    %y = kiln.max_pool2d %x window = [3, 3] strides = [2, 2] padding = [1, 1, 1, 1] : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
    ```
  }];
}

def Kiln_AvgPool2DOp : Kiln_Pool2DOp<"avg_pool2d", "average"> {
  let description = [{
    The mean of each window. Padded positions are left out of the count
    (ONNX `count_include_pad = 0`, PyTorch `count_include_pad=False`).

    ```mlir
    %y = kiln.avg_pool2d %x window = [2, 2] strides = [2, 2] padding = [0, 0, 0, 0] : (tensor<1x64x8x8xf32>) -> tensor<1x64x4x4xf32>
    ```
  }];
}

def Kiln_GlobalAvgPool2DOp : Kiln_Op<"global_avg_pool2d",
    [Pure, InferTypeOpAdaptor]> {
  let summary = "mean over the spatial dimensions (NCHW to N x C x 1 x 1)";
  let description = [{
    ```mlir
    %y = kiln.global_avg_pool2d %x : (tensor<1x512x7x7xf32>) -> tensor<1x512x1x1xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$input);
  let results = (outs Kiln_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

#endif // KILN_DIALECT_CONTRACTIONOPS_TD
