//===- TrainingOps.td - Kiln losses and optimizer updates -*- tablegen -*-===//
//
// Losses (cross_entropy, mse) and optimizer steps (sgd, adamw).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_TRAININGOPS_TD
#define KILN_DIALECT_TRAININGOPS_TD

def Kiln_CrossEntropyOp : Kiln_Op<"cross_entropy",
    [Pure, InferTypeOpAdaptor]> {
  let summary = "softmax cross-entropy with integer class labels";
  let description = [{
    For `logits: [N, C]` (or `[..., C]`) and `labels: [N]` (the leading
    dimensions of `logits`), the per-sample loss is
    `-log_softmax(logits)[n, labels[n]]`, as `torch.nn.CrossEntropyLoss`.
    `reduction = mean` (default) averages to a 0-d tensor, `sum` adds, and
    `none` keeps the labels' shape.

    ```mlir
    %l = kiln.cross_entropy %logits, %labels : (tensor<8x10xf32>, tensor<8xi64>) -> tensor<f32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$logits, Kiln_IndexTensor:$labels,
      DefaultValuedAttr<Kiln_LossReduction,
                        "::mlir::kiln::LossReduction::mean">:$reduction);
  let results = (outs Kiln_FloatTensor:$result);
  let assemblyFormat = [{
    $logits `,` $labels (`reduction` `=` $reduction^)? attr-dict `:`
      functional-type(operands, results)
  }];
}

def Kiln_MseOp : Kiln_Op<"mse", [Pure, InferTypeOpAdaptor]> {
  let summary = "mean squared error";
  let description = [{
    `(prediction - target)^2` elementwise (same shapes), reduced by
    `reduction` (default `mean`) as `torch.nn.MSELoss`.

    ```mlir
    %l = kiln.mse %pred, %target : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<f32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$prediction, Kiln_FloatTensor:$target,
      DefaultValuedAttr<Kiln_LossReduction,
                        "::mlir::kiln::LossReduction::mean">:$reduction);
  let results = (outs Kiln_FloatTensor:$result);
  let assemblyFormat = [{
    $prediction `,` $target (`reduction` `=` $reduction^)? attr-dict `:`
      functional-type(operands, results)
  }];
}

def Kiln_SgdOp : Kiln_Op<"sgd", [Pure,
    AllTypesMatch<["param", "grad", "momentum_buffer", "new_param",
                   "new_momentum_buffer"]>]> {
  let summary = "one SGD step with momentum and weight decay";
  let description = [{
    As `torch.optim.SGD` (dampening 0):
    ```
    g' = grad + weight_decay * param
    b' = momentum * momentum_buffer + g'
    step = nesterov ? g' + momentum * b' : b'
    param' = param - lr * step
    ```
    Returns `param'` and `b'`. The buffer starts as zeros.

    ```mlir
    %p1, %b1 = kiln.sgd %p, %g, %b lr = 1.000000e-02 momentum = 0.899999976 weight_decay = 0.000000e+00 : tensor<256x256xf32>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$param, Kiln_FloatTensor:$grad,
                   Kiln_FloatTensor:$momentum_buffer, F32Attr:$lr,
                   F32Attr:$momentum, F32Attr:$weight_decay,
                   UnitAttr:$nesterov);
  let results = (outs Kiln_FloatTensor:$new_param,
                      Kiln_FloatTensor:$new_momentum_buffer);
  let assemblyFormat = [{
    $param `,` $grad `,` $momentum_buffer `lr` `=` $lr `momentum` `=`
      $momentum `weight_decay` `=` $weight_decay (`nesterov` $nesterov^)?
      attr-dict `:` type($param)
  }];
  let hasVerifier = 1;
}

def Kiln_AdamWOp : Kiln_Op<"adamw", [Pure,
    AllTypesMatch<["param", "grad", "first_moment", "second_moment",
                   "new_param", "new_first_moment", "new_second_moment"]>]> {
  let summary = "one AdamW step (decoupled weight decay)";
  let description = [{
    As `torch.optim.AdamW`, with `step` the 1-based step number:
    ```
    param_d = param * (1 - lr * weight_decay)
    m' = beta1 * m + (1 - beta1) * grad
    v' = beta2 * v + (1 - beta2) * grad^2
    param' = param_d - lr * (m' / (1 - beta1^step)) / (sqrt(v' / (1 - beta2^step)) + epsilon)
    ```
    Returns `param'`, `m'`, `v'`.

    ```mlir
    %p1, %m1, %v1 = kiln.adamw %p, %g, %m, %v, %step lr = 1.000000e-03 beta1 = 0.899999976 beta2 = 0.999000012 epsilon = 9.99999993E-9 weight_decay = 0.00999999977 : tensor<256xf32>, tensor<i64>
    ```
  }];
  let arguments = (ins Kiln_FloatTensor:$param, Kiln_FloatTensor:$grad,
                   Kiln_FloatTensor:$first_moment,
                   Kiln_FloatTensor:$second_moment, Kiln_StepTensor:$step,
                   F32Attr:$lr, F32Attr:$beta1, F32Attr:$beta2,
                   F32Attr:$epsilon, F32Attr:$weight_decay);
  let results = (outs Kiln_FloatTensor:$new_param,
                      Kiln_FloatTensor:$new_first_moment,
                      Kiln_FloatTensor:$new_second_moment);
  let assemblyFormat = [{
    $param `,` $grad `,` $first_moment `,` $second_moment `,` $step
      `lr` `=` $lr `beta1` `=` $beta1 `beta2` `=` $beta2 `epsilon` `=`
      $epsilon `weight_decay` `=` $weight_decay attr-dict `:` type($param) `,`
      type($step)
  }];
  let hasVerifier = 1;
}

#endif // KILN_DIALECT_TRAININGOPS_TD
