//===- CostModel.cpp - FLOP and byte estimates of kiln ops ----------------===//
//
// Per-op FLOP formulas. Elementwise math counts one operation per result
// element whatever the function (exp and add alike): the model ranks ops
// and compares plans, it does not predict cycles.
//
//===----------------------------------------------------------------------===//

#include "kiln/Analysis/CostModel.h"
#include "kiln/Analysis/ElementStorage.h"
#include "kiln/KilnOps.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::kiln;

int64_t mlir::kiln::getTensorBytes(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return 0;
  // An estimate of the bytes moved: sub-byte elements count packed.
  return getStorageBytes(tensor, SubBytePacking::packed);
}

static int64_t numElements(Value value) {
  return cast<ShapedType>(value.getType()).getNumElements();
}

static int64_t product(ArrayRef<int64_t> sizes) {
  int64_t result = 1;
  for (int64_t size : sizes)
    result *= size;
  return result;
}

/// FLOPs of the ops whose cost is not one per result element.
static int64_t estimateFlops(Operation *op) {
  return llvm::TypeSwitch<Operation *, int64_t>(op)
      // Data movement and constants compute nothing.
      .Case<ConstantOp, IotaOp, ReshapeOp, TransposeOp, BroadcastOp, SliceOp,
            ConcatOp, SplitOp, PadOp, GatherOp>([](auto) { return 0; })
      .Case([](DotOp dot) {
        auto lhs = cast<RankedTensorType>(dot.getLhs().getType());
        int64_t contracted = 1;
        for (int64_t dim : dot.getDimensions().getLhsContractingDims())
          contracted *= lhs.getDimSize(dim);
        return 2 * numElements(dot.getResult()) * contracted;
      })
      .Case([](Conv2DOp conv) {
        // Every output element reads C/groups x KH x KW filter taps.
        auto filter = cast<RankedTensorType>(conv.getFilter().getType());
        return 2 * numElements(conv.getResult()) *
               product(filter.getShape().drop_front());
      })
      .Case<MaxPool2DOp, AvgPool2DOp>([](auto pool) {
        return numElements(pool.getResult()) * product(pool.getWindow());
      })
      .Case<GlobalAvgPool2DOp>(
          [](auto pool) { return numElements(pool.getInput()); })
      .Case<ReduceSumOp, ReduceMeanOp, ReduceProdOp, ReduceMaxOp, ReduceMinOp,
            ArgMaxOp, ArgMinOp>(
          [](auto reduce) { return numElements(reduce.getOperand()); })
      // max, subtract + exp, sum, divide (or log + subtract).
      .Case<SoftmaxOp, LogSoftmaxOp>(
          [](auto softmax) { return 4 * numElements(softmax.getOperand()); })
      // mean, subtract, square, mean, add eps + rsqrt, multiply, scale, bias.
      .Case([](LayerNormOp norm) { return 8 * numElements(norm.getInput()); })
      .Case([](RmsNormOp norm) { return 5 * numElements(norm.getInput()); })
      .Case([](BatchNormOp norm) { return 4 * numElements(norm.getInput()); })
      .Case<AttentionOp, AttentionLseOp, AttentionGradOp>([](auto attention) {
        auto q = cast<RankedTensorType>(attention.getQuery().getType());
        auto k = cast<RankedTensorType>(attention.getKey().getType());
        auto v = cast<RankedTensorType>(attention.getValue().getType());
        int64_t scores = q.getDimSize(0) * q.getDimSize(1) * q.getDimSize(2) *
                         k.getDimSize(2);
        int64_t d = q.getDimSize(3), dv = v.getDimSize(3);
        // The backward: q k^T again, then dp = g v^T, dv = p^T g,
        // dq = ds k and dk = ds^T q, and exp + ds on the scores.
        if (isa<AttentionGradOp>(attention.getOperation()))
          return 2 * scores * (3 * d + 2 * dv) + 6 * scores;
        // q k^T, p v, and scale + mask + softmax on the scores.
        return 2 * scores * d + 2 * scores * dv + 6 * scores;
      })
      .Case(
          [](CrossEntropyOp loss) { return 5 * numElements(loss.getLogits()); })
      .Case([](MseOp loss) { return 3 * numElements(loss.getPrediction()); })
      .Case([](SgdOp sgd) { return 6 * numElements(sgd.getParam()); })
      .Case([](AdamWOp adamw) { return 14 * numElements(adamw.getParam()); })
      .Default([](Operation *op) -> int64_t {
        // Elementwise kiln ops: one operation per result element. Ops of
        // other dialects are not modelled.
        if (op->getDialect() && isa<KilnDialect>(op->getDialect()) &&
            op->getNumResults() == 1)
          return numElements(op->getResult(0));
        return 0;
      });
}

OpCost mlir::kiln::estimateCost(Operation *op) {
  OpCost cost;
  // Constants are materialized at compile time: no FLOPs, and their bytes
  // count where a consumer reads them.
  if (isa<ConstantOp>(op))
    return cost;
  cost.flops = estimateFlops(op);
  for (Value operand : op->getOperands())
    cost.bytes += getTensorBytes(operand.getType());
  for (Value result : op->getResults())
    cost.bytes += getTensorBytes(result.getType());
  return cost;
}
