//===- Passes.td - Kiln graph passes ---------------------*- tablegen -*-===//
//
// Every Kiln graph pass, its options and the dialects it may create.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TRANSFORMS_PASSES_TD
#define KILN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def CostReportPass : Pass<"kiln-cost-report", "::mlir::ModuleOp"> {
  let summary = "Report the estimated FLOPs and bytes moved by every function";
  let description = [{
    Runs the Kiln cost model (`kiln/Analysis/CostModel.h`) over every
    function and prints, to the standard error stream or `report-file`, one
    table per function: its total FLOPs and bytes, and the most expensive
    ops with their share. The IR is unchanged.

    FLOPs count one multiply-add as two operations; bytes count every
    operand read and result written once (what an unfused program moves).

    ```
    kiln-opt model.mlir --kiln-cost-report=top=5 -o /dev/null
    ```
  }];
  let options = [
    Option<"top", "top", "unsigned", /*default=*/"10",
           "how many of the most expensive ops to list per function">,
    Option<"reportFile", "report-file", "std::string", /*default=*/"\"-\"",
           "where to write the report; '-' is the standard error stream">,
  ];
}

def DecomposePass : Pass<"kiln-decompose"> {
  let summary = "Rewrite composite kiln ops into primitive kiln ops";
  let description = [{
    Expands the ops that are compositions of other kiln ops into those
    ops, staying in the kiln dialect: softmax and log_softmax (max-shifted),
    reduce_mean, global_avg_pool2d, layer/rms/batch norm, attention
    (matmul, scale, mask, softmax, matmul; grouped heads through reshapes),
    cross_entropy, mse, sgd and adamw. Lowering to linalg runs this first so
    that only primitive ops need a lowering; later elementwise fusion puts
    the pieces back together in loops.

    The decompositions follow PyTorch's order of floating-point operations
    where it has one (for example AdamW's `lerp` and `addcdiv`), so compiled
    results stay close to torch's.

    ```
    kiln-opt model.mlir --kiln-decompose
    ```
  }];
  let dependentDialects = ["::mlir::kiln::KilnDialect"];
}

def RaiseAttentionPass : Pass<"kiln-raise-attention"> {
  let summary = "Rewrite attention spelled out in primitive ops (as ONNX "
                "exporters write it) into kiln.attention";
  let description = [{
    Matches `dot(softmax(scores), v)` over the keys, where `scores` is
    `q k^T` with optional parts around it:
    - a scale: `* c` or `/ c` on the scores, or on `q` before the product
      (torch's MultiheadAttention scales q);
    - a mask: `select(masked_out, -inf, scores)` with a constant condition
      (`masked_fill`), which becomes `causal` when it is the causal
      pattern and an i1 `mask` otherwise, or `scores + mask` with a float
      mask.

    `k^T` is either a transpose of the last two dimensions or the product's
    own contracting dimensions. Rank-4 `[B, H, S, D]` operands are used as
    they are; rank-3 `[B*H, S, D]` ones get a unit batch dimension around
    the op. The rewrite needs each intermediate to have no other user.
    The result is the same computation with an explicit `scale` (1.0 when
    none was found), so numerics follow the decomposition
    (`kiln-decompose`) of `kiln.attention`.

    ```
    kiln-opt imported.mlir --kiln-raise-attention
    ```
  }];
  let dependentDialects = ["::mlir::kiln::KilnDialect"];
}

#endif // KILN_TRANSFORMS_PASSES_TD
