//===- LossConverters.cpp - ONNX NegativeLogLikelihoodLoss and SCE --------===//
//
// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss (opset 12+) over
// inputs [N, C, d1..dk] and integer targets [N, d1..dk], with class weights,
// ignore_index and the none/sum/mean reductions (mean divides by the total
// weight of the targets that count). The target's log-probability is one
// kiln.gather_elements along the class dimension.
//
//===----------------------------------------------------------------------===//

#include "ConverterUtils.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

namespace {

/// Binds output 0 to the loss of log-probabilities `logProb` against
/// `target`, weighted by input `weightIndex` when it is given.
LogicalResult emitNllLoss(NodeContext &n, Value logProb, Value target,
                          int weightIndex) {
  RankedTensorType type = typeOf(logProb);
  if (type.getRank() < 2)
    return n.error() << "the input must be [N, C, ...]";
  SmallVector<int64_t> targetShape(type.getShape());
  targetShape.erase(targetShape.begin() + 1);
  if (typeOf(target).getShape() != ArrayRef<int64_t>(targetShape))
    return n.error() << "target of type " << typeOf(target)
                     << " does not match the input " << type
                     << " without its class dimension";
  if (!isa<IntegerType>(typeOf(target).getElementType()))
    return n.error() << "target must hold integers";
  std::string reduction = n.stringAttr("reduction", "mean");
  if (reduction != "mean" && reduction != "sum" && reduction != "none")
    return n.error() << "reduction '" << reduction
                     << "' is not one of none, sum, mean";
  KilnBuilder k(n.b);
  Type i64 = n.b.getI64Type();
  Value t = k.cast(target, i64);
  Value counts;
  if (const onnx::AttributeProto *ignore = n.attribute("ignore_index")) {
    counts = k.compare(CompareDirection::ne, t, k.scalar(i64, ignore->i()));
    t = k.select(counts, t, k.scalar(i64, 0));
  }
  SmallVector<int64_t> withClass(targetShape);
  withClass.insert(withClass.begin() + 1, 1);
  Value picked = GatherElementsOp::create(
      n.b, RankedTensorType::get(withClass, type.getElementType()), logProb,
      k.reshape(t, withClass), 1);
  picked = k.reshape(picked, targetShape);
  Value weight;
  if (Value classWeights = n.input(weightIndex))
    weight = GatherOp::create(n.b, classWeights, t, 0);
  else
    weight =
        k.splat(RankedTensorType::get(targetShape, type.getElementType()), 1.0);
  if (counts)
    weight = k.select(counts, weight, k.scalarLike(weight, 0));
  Value loss = k.neg(k.mul(picked, weight));
  if (reduction == "sum")
    loss = k.sumAll(loss);
  else if (reduction == "mean")
    loss = k.div(k.sumAll(loss), k.sumAll(weight));
  n.setOutput(0, loss);
  return success();
}

LogicalResult convertNllLoss(NodeContext &n) {
  FailureOr<Value> input = n.requiredInput(0), target = n.requiredInput(1);
  if (failed(input) || failed(target))
    return failure();
  return emitNllLoss(n, *input, *target, 2);
}

LogicalResult convertSoftmaxCrossEntropyLoss(NodeContext &n) {
  FailureOr<Value> scores = n.requiredInput(0), labels = n.requiredInput(1);
  if (failed(scores) || failed(labels))
    return failure();
  if (typeOf(*scores).getRank() < 2)
    return n.error() << "scores must be [N, C, ...]";
  KilnBuilder k(n.b);
  Value logProb = k.logSoftmax(*scores, 1);
  if (failed(emitNllLoss(n, logProb, *labels, 2)))
    return failure();
  n.setOutput(1, logProb);
  return success();
}

} // namespace

void mlir::kiln::onnx_import::addLossConverters(ConverterMap &map) {
  map["NegativeLogLikelihoodLoss"] = convertNllLoss;
  map["SoftmaxCrossEntropyLoss"] = convertSoftmaxCrossEntropyLoss;
}
