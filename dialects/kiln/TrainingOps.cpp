//===- TrainingOps.cpp - Kiln losses and optimizer updates ----------------===//
//
// Type inference of cross_entropy and mse; verifiers of sgd and adamw.
//
//===----------------------------------------------------------------------===//

#include "kiln/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;

/// The result type of a loss with per-element shape `shape`.
static Type lossType(ArrayRef<int64_t> shape, Type element,
                     LossReduction reduction) {
  if (reduction == LossReduction::none)
    return RankedTensorType::get(shape, element);
  return RankedTensorType::get({}, element);
}

LogicalResult CrossEntropyOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  auto logits = cast<RankedTensorType>(adaptor.getLogits().getType());
  auto labels = cast<RankedTensorType>(adaptor.getLabels().getType());
  if (logits.getRank() < 1 ||
      labels.getShape() != logits.getShape().drop_back())
    return emitInferError(location, getOperationName(), "labels of shape ",
                          formatShape(labels.getShape()),
                          " must have the leading shape of logits ",
                          formatShape(logits.getShape()),
                          " (all but the class dimension)");
  inferred.push_back(lossType(labels.getShape(), logits.getElementType(),
                              adaptor.getReduction()));
  return success();
}

LogicalResult MseOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> location,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  auto prediction = cast<RankedTensorType>(adaptor.getPrediction().getType());
  auto target = cast<RankedTensorType>(adaptor.getTarget().getType());
  if (prediction != target)
    return emitInferError(location, getOperationName(), "prediction ",
                          prediction, " and target ", target,
                          " must have one type");
  inferred.push_back(lossType(prediction.getShape(),
                              prediction.getElementType(),
                              adaptor.getReduction()));
  return success();
}

/// Checks that each named hyperparameter lies in [low, high) (or [low, high]
/// when `closedHigh`).
static LogicalResult checkHyperparameter(Operation *op, StringRef name,
                                         APFloat value, double low, double high,
                                         bool closedHigh) {
  double v = value.convertToDouble();
  bool ok = v >= low && (closedHigh ? v <= high : v < high);
  if (!ok)
    return op->emitOpError() << name << " = " << formatNumber(v)
                             << " is outside [" << formatNumber(low) << ", "
                             << formatNumber(high) << (closedHigh ? "]" : ")");
  return success();
}

LogicalResult SgdOp::verify() {
  constexpr double inf = std::numeric_limits<double>::infinity();
  Operation *op = getOperation();
  return failure(
      failed(checkHyperparameter(op, "lr", getLr(), 0.0, inf, false)) ||
      failed(
          checkHyperparameter(op, "momentum", getMomentum(), 0.0, 1.0, true)) ||
      failed(checkHyperparameter(op, "weight_decay", getWeightDecay(), 0.0, inf,
                                 false)));
}

LogicalResult AdamWOp::verify() {
  constexpr double inf = std::numeric_limits<double>::infinity();
  Operation *op = getOperation();
  if (failed(checkHyperparameter(op, "lr", getLr(), 0.0, inf, false)) ||
      failed(checkHyperparameter(op, "beta1", getBeta1(), 0.0, 1.0, false)) ||
      failed(checkHyperparameter(op, "beta2", getBeta2(), 0.0, 1.0, false)) ||
      failed(checkHyperparameter(op, "weight_decay", getWeightDecay(), 0.0, inf,
                                 false)))
    return failure();
  if (!(getEpsilon().convertToDouble() > 0.0))
    return emitOpError() << "epsilon = "
                         << formatNumber(getEpsilon().convertToDouble())
                         << " must be positive";
  return success();
}
