//===- NormalizationOps.cpp - Kiln normalizations -------------------------===//
//
// Verifiers of layer_norm, rms_norm and batch_norm.
//
//===----------------------------------------------------------------------===//

#include "kiln/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;

/// Checks `axis` and that an optional parameter (`scale`, `bias`) has the
/// shape of the normalized trailing dimensions and the input's element type.
static LogicalResult
verifyTrailingNorm(Operation *op, RankedTensorType input, int64_t axis,
                   APFloat epsilon,
                   ArrayRef<std::pair<StringRef, Value>> params) {
  if (failed(verifyDimInRange(op, "axis", axis, input.getRank())))
    return failure();
  if (!epsilon.isNonZero() || epsilon.isNegative() || epsilon.isNaN())
    return op->emitOpError() << "epsilon must be positive, got "
                             << formatNumber(epsilon.convertToDouble());
  ArrayRef<int64_t> normalized = input.getShape().drop_front(axis);
  for (auto [name, value] : params) {
    if (!value)
      continue;
    auto type = cast<RankedTensorType>(value.getType());
    if (type.getShape() != normalized ||
        type.getElementType() != input.getElementType())
      return op->emitOpError()
             << name << " has type " << type << " but normalizing dims " << axis
             << ".." << input.getRank() - 1 << " of " << input
             << " needs shape " << formatShape(normalized) << " of "
             << input.getElementType();
  }
  return success();
}

LogicalResult LayerNormOp::verify() {
  return verifyTrailingNorm(getOperation(), getInput().getType(), getAxis(),
                            getEpsilon(),
                            {{"scale", getScale()}, {"bias", getBias()}});
}

LogicalResult RmsNormOp::verify() {
  return verifyTrailingNorm(getOperation(), getInput().getType(), getAxis(),
                            getEpsilon(), {{"scale", getScale()}});
}

LogicalResult BatchNormOp::verify() {
  auto input = getInput().getType();
  if (input.getRank() < 2)
    return emitOpError() << "expects an [N, C, ...] input of rank >= 2, got "
                         << input;
  auto param = getScale().getType();
  if (param.getRank() != 1 || param.getDimSize(0) != input.getDimSize(1) ||
      param.getElementType() != input.getElementType())
    return emitOpError() << "scale, bias, mean and variance have type " << param
                         << " but the input's " << input.getDimSize(1)
                         << " channels need "
                         << RankedTensorType::get({input.getDimSize(1)},
                                                  input.getElementType());
  APFloat epsilon = getEpsilon();
  if (!epsilon.isNonZero() || epsilon.isNegative() || epsilon.isNaN())
    return emitOpError() << "epsilon must be positive, got "
                         << formatNumber(epsilon.convertToDouble());
  return success();
}
