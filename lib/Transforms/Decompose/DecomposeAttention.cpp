//===- DecomposeAttention.cpp - attention as matmul-softmax-matmul --------===//
//
// The unfused form of kiln.attention. It materializes the [B, H, Sq, Sk]
// score matrix, which kiln-tile-attention (lib/Codegen/Attention) avoids;
// this form stays the reference and what autodiff differentiates.
//
//===----------------------------------------------------------------------===//

#include "DecomposePattern.h"
#include "kiln/Transforms/Decompose.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::kiln;

namespace {

struct DecomposeAttention : DecomposePattern<AttentionOp> {
  using DecomposePattern::DecomposePattern;
  SmallVector<Value> decompose(AttentionOp op, KilnBuilder &k) const final {
    Value q = op.getQuery(), key = op.getKey(), v = op.getValue();
    auto qShape = cast<RankedTensorType>(q.getType()).getShape();
    auto kShape = cast<RankedTensorType>(key.getType()).getShape();
    auto vShape = cast<RankedTensorType>(v.getType()).getShape();
    int64_t batch = qShape[0], qHeads = qShape[1], qLen = qShape[2];
    int64_t headDim = qShape[3], kvHeads = kShape[1], kLen = kShape[2];
    int64_t vDim = vShape[3];
    // Grouped-query attention: query head h reads kv head h / group, so the
    // `group` query heads of one kv head are contiguous and fold into the
    // sequence dimension of a [B, Hkv, group * Sq, D] view.
    int64_t group = qHeads / kvHeads;
    Value groupedQ = k.reshape(q, {batch, kvHeads, group * qLen, headDim});
    Value scores = k.dot(groupedQ, key, {0, 1}, {0, 1}, {3}, {3});
    scores = k.reshape(scores, {batch, qHeads, qLen, kLen});

    double scale = op.getScale() ? op.getScaleAttr().getValueAsDouble()
                                 : 1.0 / std::sqrt(double(headDim));
    scores = k.mul(scores, k.scalarLike(q, scale));
    Value negInf = k.scalarLike(q, -std::numeric_limits<double>::infinity());
    if (Value mask = op.getMask()) {
      if (getElementTypeOrSelf(mask.getType()).isInteger(1))
        scores = k.select(mask, scores, negInf);
      else
        scores = k.add(scores, mask);
    }
    if (op.getCausal()) {
      // Query i sees key j when j <= i + (Sk - Sq).
      Type i64 = k.builder().getI64Type();
      Value row = k.add(k.iota({qLen, kLen}, i64, 0),
                        k.scalar(i64, double(kLen - qLen)));
      Value col = k.iota({qLen, kLen}, i64, 1);
      scores =
          k.select(k.compare(CompareDirection::le, col, row), scores, negInf);
    }
    Value probs = k.softmax(scores, 3);
    // A row whose keys are all masked gives 0 (softmax's 0/0 would be
    // NaN), as kiln-tile-attention's rows that saw no key do. A NaN score
    // is not -inf and still propagates.
    if (op.getMask() || (op.getCausal() && qLen > kLen)) {
      Value rowMax = k.reduceMax(scores, {3}, /*keepDims=*/true);
      probs = k.select(k.compare(CompareDirection::eq, rowMax, negInf),
                       k.scalarLike(q, 0.0), probs);
    }
    probs = k.reshape(probs, {batch, kvHeads, group * qLen, kLen});
    Value out = k.dot(probs, v, {0, 1}, {0, 1}, {3}, {2});
    return {k.reshape(out, {batch, qHeads, qLen, vDim})};
  }
};

} // namespace

void mlir::kiln::populateDecomposeAttentionPatterns(
    RewritePatternSet &patterns) {
  patterns.add<DecomposeAttention>(patterns.getContext());
}
