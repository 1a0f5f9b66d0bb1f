//===- AttentionOp.cpp - Kiln scaled dot-product attention ----------------===//
//
// Type inference of kiln.attention: head grouping, sequence and mask shapes.
//
//===----------------------------------------------------------------------===//

#include "kiln/KilnOps.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;

LogicalResult AttentionOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto q = cast<RankedTensorType>(adaptor.getQuery().getType());
  auto k = cast<RankedTensorType>(adaptor.getKey().getType());
  auto v = cast<RankedTensorType>(adaptor.getValue().getType());
  StringRef name = getOperationName();
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
  if (Value mask = adaptor.getMask()) {
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
  if (FloatAttr scale = adaptor.getScaleAttr())
    if (!(scale.getValueAsDouble() > 0.0))
      return emitInferError(location, name, "scale must be positive, got ",
                            formatNumber(scale.getValueAsDouble()));
  inferred.push_back(RankedTensorType::get(
      {batch, qHeads, qSeq, v.getDimSize(3)}, q.getElementType()));
  return success();
}

double AttentionOp::getEffectiveScale() {
  if (std::optional<APFloat> scale = getScale())
    return scale->convertToDouble();
  return 1.0 /
         std::sqrt(static_cast<double>(getQuery().getType().getDimSize(3)));
}
