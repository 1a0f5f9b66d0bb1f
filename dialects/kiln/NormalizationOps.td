//===- NormalizationOps.td - Kiln normalizations ---------*- tablegen -*-===//
//
// layer_norm, rms_norm and (inference-form) batch_norm.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_NORMALIZATIONOPS_TD
#define KILN_DIALECT_NORMALIZATIONOPS_TD

def Kiln_LayerNormOp : Kiln_Op<"layer_norm",
    [Pure, AttrSizedOperandSegments, AllTypesMatch<["input", "result"]>]> {
  let summary = "layer normalization over the trailing dimensions";
  let description = [{
    Normalizes over dimensions `axis .. rank-1` (as ONNX
    `LayerNormalization`): `(x - mean) / sqrt(var + epsilon)` with the
    biased variance, then multiplies by `scale` and adds `bias` when given.
    `scale` and `bias` have the normalized dimensions' shape.

    ```mlir
    %y = kiln.layer_norm %x scale %g bias %b axis = 2 epsilon = 1.0e-05 : (tensor<2x128x256xf32>, tensor<256xf32>, tensor<256xf32>) -> tensor<2x128x256xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$input,
                   Optional<Kiln_FloatTensor>:$scale,
                   Optional<Kiln_FloatTensor>:$bias, I64Attr:$axis,
                   F32Attr:$epsilon);
  let results = (outs Kiln_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`scale` $scale^)? (`bias` $bias^)? `axis` `=` $axis
      `epsilon` `=` $epsilon attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Kiln_RmsNormOp : Kiln_Op<"rms_norm",
    [Pure, AllTypesMatch<["input", "result"]>]> {
  let summary = "root-mean-square normalization over the trailing dimensions";
  let description = [{
    `x / sqrt(mean(x^2) + epsilon) * scale` over dimensions
    `axis .. rank-1` (as LLaMA's RMSNorm and ONNX
    `RMSNormalization`); `scale` is optional.

    ```mlir
    %y = kiln.rms_norm %x scale %g axis = 2 epsilon = 1.0e-06 : (tensor<2x16x64xf32>, tensor<64xf32>) -> tensor<2x16x64xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$input,
                   Optional<Kiln_FloatTensor>:$scale, I64Attr:$axis,
                   F32Attr:$epsilon);
  let results = (outs Kiln_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`scale` $scale^)? `axis` `=` $axis `epsilon` `=` $epsilon
      attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Kiln_BatchNormOp : Kiln_Op<"batch_norm",
    [Pure, AllTypesMatch<["input", "result"]>,
     AllTypesMatch<["scale", "bias", "mean", "variance"]>]> {
  let summary = "batch normalization with given statistics (inference form)";
  let description = [{
    `(x - mean[c]) / sqrt(variance[c] + epsilon) * scale[c] + bias[c]` for
    the channel `c` (dimension 1) of an `[N, C, ...]` input; the four
    parameter tensors have shape `[C]`.

    ```mlir
    %y = kiln.batch_norm %x, %g, %b, %m, %v epsilon = 1.0e-05 : (tensor<1x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$input, Kiln_FloatTensor:$scale,
                   Kiln_FloatTensor:$bias, Kiln_FloatTensor:$mean,
                   Kiln_FloatTensor:$variance, F32Attr:$epsilon);
  let results = (outs Kiln_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance `epsilon` `=` $epsilon
      attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // KILN_DIALECT_NORMALIZATIONOPS_TD
