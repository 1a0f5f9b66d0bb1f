//===- DecomposeAttention.cpp - attention as matmul-softmax-matmul --------===//
//
// The unfused forms of kiln.attention, kiln.attention_lse and
// kiln.attention_grad. They materialize the [B, H, Sq, Sk] scores, which
// kiln-tile-attention (lib/Codegen/Attention) avoids; these forms stay
// the reference lowering, and autodiff differentiates kiln.attention's
// when its mask needs a gradient.
//
//===----------------------------------------------------------------------===//

#include "DecomposePattern.h"
#include "kiln/Transforms/Decompose.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::kiln;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// What the three attention ops share: operands, attributes and sizes.
struct AttentionForm {
  template <typename Op> explicit AttentionForm(Op op) {
    q = op.getQuery();
    key = op.getKey();
    v = op.getValue();
    mask = op.getMask();
    scale = op.getEffectiveScale();
    causal = op.getCausal();
    auto qShape = cast<RankedTensorType>(q.getType()).getShape();
    auto kShape = cast<RankedTensorType>(key.getType()).getShape();
    batch = qShape[0];
    qHeads = qShape[1];
    qLen = qShape[2];
    headDim = qShape[3];
    kvHeads = kShape[1];
    kLen = kShape[2];
    vDim = cast<RankedTensorType>(v.getType()).getDimSize(3);
    group = qHeads / kvHeads;
  }

  /// Grouped-query attention: query head h reads kv head h / group, so
  /// the `group` query heads of one kv head are contiguous and fold into
  /// the sequence dimension of a [B, Hkv, group * Sq, X] view of `x`
  /// ([B, Hq, Sq, X]).
  Value grouped(KilnBuilder &k, Value x) const {
    int64_t width = cast<RankedTensorType>(x.getType()).getDimSize(3);
    return k.reshape(x, {batch, kvHeads, group * qLen, width});
  }
  /// The inverse of grouped() for a [B, Hkv, group * Sq, X] value.
  Value ungrouped(KilnBuilder &k, Value x) const {
    int64_t width = cast<RankedTensorType>(x.getType()).getDimSize(3);
    return k.reshape(x, {batch, qHeads, qLen, width});
  }

  /// q k^T * scale + mask, with -inf where the mask or causality hides a
  /// key: [B, Hq, Sq, Sk].
  Value scores(KilnBuilder &k) const {
    Value s = ungrouped(k, k.dot(grouped(k, q), key, {0, 1}, {0, 1}, {3}, {3}));
    s = k.mul(s, k.scalarLike(q, scale));
    Value negInf = k.scalarLike(q, -kInf);
    if (mask) {
      if (getElementTypeOrSelf(mask.getType()).isInteger(1))
        s = k.select(mask, s, negInf);
      else
        s = k.add(s, mask);
    }
    if (causal) {
      // Query i sees key j when j <= i + (Sk - Sq).
      Type i64 = k.builder().getI64Type();
      Value row = k.add(k.iota({qLen, kLen}, i64, 0),
                        k.scalar(i64, double(kLen - qLen)));
      Value col = k.iota({qLen, kLen}, i64, 1);
      s = k.select(k.compare(CompareDirection::le, col, row), s, negInf);
    }
    return s;
  }

  /// probs v for probabilities [B, Hq, Sq, Sk]: [B, Hq, Sq, Dv].
  Value weightedValues(KilnBuilder &k, Value probs) const {
    return ungrouped(k, k.dot(grouped(k, probs), v, {0, 1}, {0, 1}, {3}, {2}));
  }

  /// exp(scores - lse) in the scores' type, lse [B, Hq, Sq] (+inf where a
  /// row sees no key, which makes its probabilities 0).
  Value probabilities(KilnBuilder &k, Value s, Value lse) const {
    Type element = getElementTypeOrSelf(s.getType());
    Value rows = k.reshape(k.cast(lse, element), {batch, qHeads, qLen, 1});
    return k.exp(k.sub(s, rows));
  }

  Value q, key, v, mask;
  double scale;
  bool causal;
  int64_t batch, qHeads, qLen, headDim, kvHeads, kLen, vDim, group;
};

struct DecomposeAttention : DecomposePattern<AttentionOp> {
  using DecomposePattern::DecomposePattern;
  SmallVector<Value> decompose(AttentionOp op, KilnBuilder &k) const final {
    AttentionForm form(op);
    Value scores = form.scores(k);
    Value probs = k.softmax(scores, 3);
    // A row whose keys are all masked gives 0 (softmax's 0/0 would be
    // NaN), as kiln-tile-attention's rows that saw no key do. A NaN score
    // is not -inf and still propagates.
    if (op.getMask() || (op.getCausal() && form.qLen > form.kLen)) {
      Value negInf = k.scalarLike(form.q, -kInf);
      Value rowMax = k.reduceMax(scores, {3}, /*keepDims=*/true);
      probs = k.select(k.compare(CompareDirection::eq, rowMax, negInf),
                       k.scalarLike(form.q, 0.0), probs);
    }
    return {form.weightedValues(k, probs)};
  }
};

/// lse = m + log(sum exp(s - m)) per row in f32 (f64), m the row maximum;
/// +inf for a row of -inf scores. The result is exp(s - lse) v.
struct DecomposeAttentionLse : DecomposePattern<AttentionLseOp> {
  using DecomposePattern::DecomposePattern;
  SmallVector<Value> decompose(AttentionLseOp op, KilnBuilder &k) const final {
    AttentionForm form(op);
    Type lseElement = getElementTypeOrSelf(op.getLse().getType());
    Value scores = k.cast(form.scores(k), lseElement);
    Value rowMax = k.reduceMax(scores, {3}, /*keepDims=*/false);
    Value empty =
        k.compare(CompareDirection::eq, rowMax, k.scalar(lseElement, -kInf));
    Value base = k.select(empty, k.scalar(lseElement, 0.0), rowMax);
    Value sum = k.reduceSum(
        k.exp(k.sub(scores,
                    k.reshape(base, {form.batch, form.qHeads, form.qLen, 1}))),
        {3}, /*keepDims=*/false);
    Value lse =
        k.select(empty, k.scalar(lseElement, kInf), k.add(k.log(sum), base));
    Value probs = form.probabilities(k, scores, lse);
    Type element = getElementTypeOrSelf(op.getResult().getType());
    return {form.weightedValues(k, k.cast(probs, element)), lse};
  }
};

/// FlashAttention-2's backward on whole tensors (the reference of the
/// tiled one): p = exp(s - lse), dv = p^T g, ds = p (g v^T - rowsum(g o)),
/// dq = ds k scale, dk = ds^T q scale, each kv head summing its group.
struct DecomposeAttentionGrad : DecomposePattern<AttentionGradOp> {
  using DecomposePattern::DecomposePattern;
  SmallVector<Value> decompose(AttentionGradOp op, KilnBuilder &k) const final {
    AttentionForm form(op);
    Value probs = form.probabilities(k, form.scores(k), op.getLse());
    Value g = form.grouped(k, op.getGrad());
    Value dv = k.dot(form.grouped(k, probs), g, {0, 1}, {0, 1}, {2}, {2});
    Value dp = form.ungrouped(k, k.dot(g, form.v, {0, 1}, {0, 1}, {3}, {3}));
    Value delta = k.reduceSum(k.mul(op.getGrad(), op.getOutput()), {3},
                              /*keepDims=*/true);
    Value ds = form.grouped(k, k.mul(probs, k.sub(dp, delta)));
    Value scale = k.scalarLike(form.q, form.scale);
    Value dq =
        k.mul(form.ungrouped(k, k.dot(ds, form.key, {0, 1}, {0, 1}, {3}, {2})),
              scale);
    Value dk = k.mul(
        k.dot(ds, form.grouped(k, form.q), {0, 1}, {0, 1}, {2}, {2}), scale);
    return {dq, dk, dv};
  }
};

} // namespace

void mlir::kiln::populateDecomposeAttentionPatterns(
    RewritePatternSet &patterns) {
  patterns
      .add<DecomposeAttention, DecomposeAttentionLse, DecomposeAttentionGrad>(
          patterns.getContext());
}
