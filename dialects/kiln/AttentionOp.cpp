//===- AttentionOp.cpp - Kiln scaled dot-product attention ----------------===//
//
// Type inference of the attention ops: head grouping, sequence and mask
// shapes, and the backward's residuals.
//
//===----------------------------------------------------------------------===//

#include "kiln/KilnOps.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;

/// The checks every attention op makes of its query, key, value, mask and
/// scale; `result` is the attention's [B, Hq, Sq, Dv] result type.
static LogicalResult inferAttention(std::optional<Location> location,
                                    StringRef name, Value query, Value key,
                                    Value value, Value mask, FloatAttr scale,
                                    RankedTensorType &result) {
  auto q = cast<RankedTensorType>(query.getType());
  auto k = cast<RankedTensorType>(key.getType());
  auto v = cast<RankedTensorType>(value.getType());
  if (q.getRank() != 4 || k.getRank() != 4 || v.getRank() != 4)
    return emitInferError(location, name,
                          "expects [batch, heads, seq, head_dim] operands of "
                          "rank 4, got ranks ",
                          q.getRank(), ", ", k.getRank(), ", ", v.getRank());
  if (q.getElementType() != k.getElementType() ||
      q.getElementType() != v.getElementType())
    return emitInferError(location, name,
                          "query, key and value must have one element type, "
                          "got ",
                          q.getElementType(), ", ", k.getElementType(), ", ",
                          v.getElementType());
  int64_t batch = q.getDimSize(0), qHeads = q.getDimSize(1),
          qSeq = q.getDimSize(2), headDim = q.getDimSize(3);
  if (k.getDimSize(0) != batch || v.getDimSize(0) != batch)
    return emitInferError(location, name, "batch sizes differ: query ", batch,
                          ", key ", k.getDimSize(0), ", value ",
                          v.getDimSize(0));
  int64_t kvHeads = k.getDimSize(1);
  if (v.getDimSize(1) != kvHeads)
    return emitInferError(location, name, "key has ", kvHeads,
                          " heads but value has ", v.getDimSize(1));
  if (qHeads % kvHeads != 0)
    return emitInferError(location, name, "key/value heads (", kvHeads,
                          ") must divide query heads (", qHeads, ")");
  if (k.getDimSize(3) != headDim)
    return emitInferError(location, name, "query head_dim ", headDim,
                          " differs from key head_dim ", k.getDimSize(3));
  int64_t kvSeq = k.getDimSize(2);
  if (v.getDimSize(2) != kvSeq)
    return emitInferError(location, name, "key sequence length ", kvSeq,
                          " differs from value's ", v.getDimSize(2));
  if (mask) {
    auto maskType = cast<RankedTensorType>(mask.getType());
    Type maskElement = maskType.getElementType();
    if (!maskElement.isInteger(1) && maskElement != q.getElementType())
      return emitInferError(location, name, "mask element type ", maskElement,
                            " must be i1 or the query's ", q.getElementType());
    SmallVector<int64_t> scores = {batch, qHeads, qSeq, kvSeq};
    if (!isBroadcastableTo(maskType.getShape(), scores))
      return emitInferError(
          location, name, "mask shape ", formatShape(maskType.getShape()),
          " does not broadcast to the scores' shape ", formatShape(scores));
  }
  if (scale)
    if (!(scale.getValueAsDouble() > 0.0))
      return emitInferError(location, name, "scale must be positive, got ",
                            formatNumber(scale.getValueAsDouble()));
  result = RankedTensorType::get({batch, qHeads, qSeq, v.getDimSize(3)},
                                 q.getElementType());
  return success();
}

/// The type of the log-sum-exp of `result`'s rows: [B, Hq, Sq] in f32, or
/// f64 for f64 operands.
static RankedTensorType lseType(RankedTensorType result) {
  Type element = result.getElementType();
  if (!element.isF64())
    element = Float32Type::get(element.getContext());
  return RankedTensorType::get(result.getShape().drop_back(), element);
}

static double effectiveScale(std::optional<APFloat> scale, Value query) {
  if (scale)
    return scale->convertToDouble();
  return 1.0 / std::sqrt(static_cast<double>(
                   cast<RankedTensorType>(query.getType()).getDimSize(3)));
}

LogicalResult AttentionOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  RankedTensorType result;
  if (failed(inferAttention(location, getOperationName(), adaptor.getQuery(),
                            adaptor.getKey(), adaptor.getValue(),
                            adaptor.getMask(), adaptor.getScaleAttr(), result)))
    return failure();
  inferred.push_back(result);
  return success();
}

LogicalResult AttentionLseOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  RankedTensorType result;
  if (failed(inferAttention(location, getOperationName(), adaptor.getQuery(),
                            adaptor.getKey(), adaptor.getValue(),
                            adaptor.getMask(), adaptor.getScaleAttr(), result)))
    return failure();
  inferred.push_back(result);
  inferred.push_back(lseType(result));
  return success();
}

LogicalResult AttentionGradOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  RankedTensorType result;
  if (failed(inferAttention(location, name, adaptor.getQuery(),
                            adaptor.getKey(), adaptor.getValue(),
                            adaptor.getMask(), adaptor.getScaleAttr(), result)))
    return failure();
  auto check = [&](Value operand, StringRef what,
                   RankedTensorType expected) -> LogicalResult {
    if (operand.getType() == expected)
      return success();
    return emitInferError(location, name, what, " must be ", expected,
                          " (the forward's), got ", operand.getType());
  };
  if (failed(check(adaptor.getOutput(), "output", result)) ||
      failed(check(adaptor.getLse(), "lse", lseType(result))) ||
      failed(check(adaptor.getGrad(), "grad", result)))
    return failure();
  inferred.push_back(adaptor.getQuery().getType());
  inferred.push_back(adaptor.getKey().getType());
  inferred.push_back(adaptor.getValue().getType());
  return success();
}

double AttentionOp::getEffectiveScale() {
  return effectiveScale(getScale(), getQuery());
}

double AttentionLseOp::getEffectiveScale() {
  return effectiveScale(getScale(), getQuery());
}

double AttentionGradOp::getEffectiveScale() {
  return effectiveScale(getScale(), getQuery());
}
