//===- RaiseAttention.cpp - The --kiln-raise-attention pass ---------------===//
//
// Finds softmax(q k^T * scale [masked]) v spelled out in primitive kiln ops,
// as ONNX exporters write attention, and rewrites it into one
// kiln.attention, so that attention-specific work (tiling, fusion) applies
// to imported models.
//
//===----------------------------------------------------------------------===//

#include "kiln/KilnBuilder.h"
#include "kiln/KilnOps.h"
#include "kiln/Transforms/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::kiln {
#define GEN_PASS_DEF_RAISEATTENTIONPASS
#include "kiln/Transforms/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

namespace {

RankedTensorType typeOf(Value v) { return cast<RankedTensorType>(v.getType()); }

/// The value of a scalar computed from splat constants: a constant, or
/// mul, div, pow, sqrt and reshape of such (exporters spell 1/sqrt(d) as a
/// chain of these).
std::optional<double> getSplatFloat(Value value) {
  Operation *op = value.getDefiningOp();
  if (!op)
    return std::nullopt;
  if (auto constant = dyn_cast<ConstantOp>(op)) {
    auto attr = dyn_cast<DenseElementsAttr>(constant.getValue());
    if (!attr || !attr.isSplat() || !isa<FloatType>(attr.getElementType()))
      return std::nullopt;
    return attr.getSplatValue<APFloat>().convertToDouble();
  }
  if (isa<ReshapeOp>(op))
    return getSplatFloat(op->getOperand(0));
  if (isa<SqrtOp>(op)) {
    if (std::optional<double> x = getSplatFloat(op->getOperand(0)))
      return std::sqrt(*x);
    return std::nullopt;
  }
  if (isa<MulOp, DivOp, PowOp>(op)) {
    std::optional<double> l = getSplatFloat(op->getOperand(0));
    std::optional<double> r = getSplatFloat(op->getOperand(1));
    if (!l || !r)
      return std::nullopt;
    if (isa<PowOp>(op))
      return std::pow(*l, *r);
    return isa<MulOp>(op) ? *l * *r : *l / *r;
  }
  return std::nullopt;
}

/// The elements of a constant as doubles (row-major), through reshapes:
/// dense constants only.
std::optional<SmallVector<double>> getConstantValues(Value value) {
  if (auto reshape = value.getDefiningOp<ReshapeOp>())
    return getConstantValues(reshape.getOperand());
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  SmallVector<double> values;
  if (isa<FloatType>(attr.getElementType())) {
    for (const APFloat &v : attr.getValues<APFloat>())
      values.push_back(v.convertToDouble());
  } else if (attr.getElementType().isInteger(1)) {
    for (bool v : attr.getValues<bool>())
      values.push_back(v);
  } else {
    for (const APInt &v : attr.getValues<APInt>())
      values.push_back(static_cast<double>(v.getSExtValue()));
  }
  return values;
}

/// Which positions a constant i1 condition marks (true), for the forms
/// masked_fill exports: a constant, or `compare(constant, scalar)`, through
/// reshapes. Row-major over the condition's shape.
std::optional<SmallVector<bool>> getConstantCondition(Value condition) {
  if (auto reshape = condition.getDefiningOp<ReshapeOp>())
    return getConstantCondition(reshape.getOperand());
  if (auto compare = condition.getDefiningOp<CompareOp>()) {
    std::optional<SmallVector<double>> lhs =
        getConstantValues(compare.getLhs());
    std::optional<double> rhs = getSplatFloat(compare.getRhs());
    if (!rhs)
      if (std::optional<SmallVector<double>> r =
              getConstantValues(compare.getRhs());
          r && r->size() == 1)
        rhs = (*r)[0];
    if (!lhs || !rhs)
      return std::nullopt;
    SmallVector<bool> result;
    for (double l : *lhs) {
      switch (compare.getDirection()) {
      case CompareDirection::eq:
        result.push_back(l == *rhs);
        break;
      case CompareDirection::ne:
        result.push_back(l != *rhs);
        break;
      case CompareDirection::lt:
        result.push_back(l < *rhs);
        break;
      case CompareDirection::le:
        result.push_back(l <= *rhs);
        break;
      case CompareDirection::gt:
        result.push_back(l > *rhs);
        break;
      case CompareDirection::ge:
        result.push_back(l >= *rhs);
        break;
      }
    }
    return result;
  }
  std::optional<SmallVector<double>> values = getConstantValues(condition);
  if (!values)
    return std::nullopt;
  SmallVector<bool> result;
  for (double v : *values)
    result.push_back(v != 0);
  return result;
}

/// When `value` is `x * c`, `c * x` or `x / c` with `c` a splat constant
/// (and, if `needsOneUse`, `value` has no other user), replaces it with x
/// and multiplies `scale` by c (or 1 / c).
void peelScale(Value &value, double &scale, bool needsOneUse) {
  Operation *op = value.getDefiningOp();
  if (!op || !isa<MulOp, DivOp>(op) || (needsOneUse && !op->hasOneUse()))
    return;
  Value lhs = op->getOperand(0), rhs = op->getOperand(1);
  std::optional<double> c = getSplatFloat(rhs);
  if (!c && isa<MulOp>(op) && (c = getSplatFloat(lhs)))
    std::swap(lhs, rhs);
  if (!c)
    return;
  scale *= isa<MulOp>(op) ? *c : 1.0 / *c;
  value = lhs;
}

/// Which positions an additive mask of only 0 (seen) and -inf (hidden)
/// lets through, row-major over its shape: a constant, or where(constant
/// condition, a, b) of two such scalars (the form is_causal exports, which
/// the importer leaves unfolded when it is large).
std::optional<SmallVector<bool>> getAdditiveAttend(Value mask) {
  auto isSeen = [](double v) -> std::optional<bool> {
    if (v == 0.0)
      return true;
    if (std::isinf(v) && v < 0)
      return false;
    return std::nullopt;
  };
  if (auto select = mask.getDefiningOp<SelectOp>()) {
    std::optional<double> onTrue = getSplatFloat(select.getOnTrue());
    std::optional<double> onFalse = getSplatFloat(select.getOnFalse());
    std::optional<SmallVector<bool>> condition =
        getConstantCondition(select.getCondition());
    if (!onTrue || !onFalse || !condition ||
        typeOf(select.getCondition()).getShape() != typeOf(mask).getShape())
      return std::nullopt;
    std::optional<bool> seenTrue = isSeen(*onTrue),
                        seenFalse = isSeen(*onFalse);
    if (!seenTrue || !seenFalse)
      return std::nullopt;
    SmallVector<bool> attend;
    for (bool c : *condition)
      attend.push_back(c ? *seenTrue : *seenFalse);
    return attend;
  }
  std::optional<SmallVector<double>> values = getConstantValues(mask);
  if (!values)
    return std::nullopt;
  SmallVector<bool> attend;
  for (double v : *values) {
    std::optional<bool> seen = isSeen(v);
    if (!seen)
      return std::nullopt;
    attend.push_back(*seen);
  }
  return attend;
}

/// Whether `dot` is a batched product over all leading dimensions that
/// contracts lhs's last dimension with rhs dimension `rhsContract`.
bool isBatchedProduct(DotOp dot, int64_t rhsContract) {
  int64_t rank = typeOf(dot.getLhs()).getRank();
  if (typeOf(dot.getRhs()).getRank() != rank || rank < 3)
    return false;
  SmallVector<int64_t> batch = llvm::to_vector(llvm::seq<int64_t>(0, rank - 2));
  DotDimensionsAttr dims = dot.getDimensions();
  return dims.getLhsBatchDims() == ArrayRef<int64_t>(batch) &&
         dims.getRhsBatchDims() == ArrayRef<int64_t>(batch) &&
         dims.getLhsContractingDims() == ArrayRef<int64_t>{rank - 1} &&
         dims.getRhsContractingDims() == ArrayRef<int64_t>{rhsContract};
}

/// Whether the i1 constant `attend` (broadcasting to [..., Sq, Sk]) is the
/// causal pattern: position (i, j) attends exactly when j <= i + Sk - Sq.
bool isCausal(DenseElementsAttr attend, int64_t sq, int64_t sk) {
  ArrayRef<int64_t> shape = attend.getType().getShape();
  if (shape.size() < 2 || shape[shape.size() - 2] != sq || shape.back() != sk)
    return false;
  for (int64_t d : shape.drop_back(2))
    if (d != 1)
      return false;
  auto values = attend.getValues<bool>();
  for (int64_t i = 0; i < sq; ++i)
    for (int64_t j = 0; j < sk; ++j)
      if (values[i * sk + j] != (j <= i + sk - sq))
        return false;
  return true;
}

/// `x` [B, 1, S, D] (or [B, H, S, D] with `heads` = H) repeated `group`
/// times along dim 1 as exporters write `x[:, :, None].expand(...)
/// .reshape(...)`: reshape to [B, H, 1, S, D], broadcast to [B, H, G, S,
/// D], reshape to [B, H * G, S, D]. Returns x and G.
std::optional<std::pair<Value, int64_t>> matchExpandedHeads(Value repeated) {
  auto merge = repeated.getDefiningOp<ReshapeOp>();
  if (!merge)
    return std::nullopt;
  auto broadcast = merge.getOperand().getDefiningOp<BroadcastOp>();
  if (!broadcast)
    return std::nullopt;
  auto split = broadcast.getOperand().getDefiningOp<ReshapeOp>();
  if (!split)
    return std::nullopt;
  ArrayRef<int64_t> x = typeOf(split.getOperand()).getShape();
  ArrayRef<int64_t> unit = typeOf(split.getResult()).getShape();
  ArrayRef<int64_t> wide = typeOf(broadcast.getResult()).getShape();
  ArrayRef<int64_t> out = typeOf(repeated).getShape();
  if (x.size() != 4 || unit.size() != 5 || wide.size() != 5 || out.size() != 4)
    return std::nullopt;
  SmallVector<int64_t> expectUnit = {x[0], x[1], 1, x[2], x[3]};
  SmallVector<int64_t> expectWide = {x[0], x[1], wide[2], x[2], x[3]};
  SmallVector<int64_t> expectOut = {x[0], x[1] * wide[2], x[2], x[3]};
  if (unit != ArrayRef<int64_t>(expectUnit) ||
      wide != ArrayRef<int64_t>(expectWide) ||
      out != ArrayRef<int64_t>(expectOut))
    return std::nullopt;
  return std::make_pair(split.getOperand(), wide[2]);
}

/// The kv heads `x` [B, Hkv, S, D] and the group G of `repeated` [B, Hkv *
/// G, S, D] when it is x with each head repeated G times in place
/// (torch's repeat_interleave on dim 1, or the expand form of
/// matchExpandedHeads): in torch 1.13's export, a split of x into its
/// heads, each expanded, concatenated in order.
std::optional<std::pair<Value, int64_t>> matchRepeatedHeads(Value repeated) {
  if (auto whole = matchExpandedHeads(repeated))
    return whole;
  auto concat = repeated.getDefiningOp<ConcatOp>();
  if (!concat || concat.getDim() != 1 || concat.getInputs().empty())
    return std::nullopt;
  Value source;
  std::optional<int64_t> group;
  for (auto [index, input] : llvm::enumerate(concat.getInputs())) {
    auto piece = matchExpandedHeads(input);
    if (!piece || typeOf(piece->first).getDimSize(1) != 1 ||
        (group && *group != piece->second))
      return std::nullopt;
    group = piece->second;
    auto split = piece->first.getDefiningOp<SplitOp>();
    if (!split || split.getDim() != 1 ||
        split.getNumResults() != concat.getInputs().size() ||
        split.getResult(index) != piece->first ||
        (source && source != split.getOperand()))
      return std::nullopt;
    source = split.getOperand();
  }
  return std::make_pair(source, *group);
}

struct RaiseAttention : OpRewritePattern<DotOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(DotOp pv,
                                PatternRewriter &rewriter) const override {
    // P V with P = softmax(S) over the keys.
    int64_t rank = typeOf(pv.getLhs()).getRank();
    if ((rank != 3 && rank != 4) || !isBatchedProduct(pv, rank - 2))
      return rewriter.notifyMatchFailure(pv, "not a batched P V product");
    auto softmax = pv.getLhs().getDefiningOp<SoftmaxOp>();
    if (!softmax || softmax.getDim() != rank - 1 || !softmax->hasOneUse())
      return rewriter.notifyMatchFailure(pv, "P is not a softmax over keys");
    Value scores = softmax.getOperand();

    // The mask: select(masked_out, -inf, x) or x + float mask.
    Value mask;
    DenseElementsAttr attendConstant;
    bool causal = false;
    int64_t sq = typeOf(scores).getDimSize(rank - 2);
    int64_t sk = typeOf(scores).getDimSize(rank - 1);
    // A constant pattern of the keys each query sees: `causal` when it is
    // the causal one, else an i1 constant mask.
    auto useAttendPattern = [&](ArrayRef<int64_t> shape,
                                ArrayRef<bool> attend) {
      DenseElementsAttr attendAttr = DenseElementsAttr::get(
          RankedTensorType::get(shape, rewriter.getI1Type()), attend);
      if (isCausal(attendAttr, sq, sk))
        causal = true;
      else
        attendConstant = attendAttr;
    };
    Value maskedOutCondition;
    if (auto select = scores.getDefiningOp<SelectOp>()) {
      // select(hidden, -inf, s) (masked_fill) or select(seen, s, -inf)
      // (where): a constant condition may be the causal pattern; any other
      // becomes the boolean mask (negated for the first form).
      bool fillOnTrue = true;
      std::optional<double> fill = getSplatFloat(select.getOnTrue());
      if (!fill || !std::isinf(*fill) || *fill > 0) {
        fill = getSplatFloat(select.getOnFalse());
        fillOnTrue = false;
      }
      if (!select->hasOneUse() || !fill || !std::isinf(*fill) || *fill > 0)
        return rewriter.notifyMatchFailure(pv, "unrecognized mask");
      auto conditionType = typeOf(select.getCondition());
      if (std::optional<SmallVector<bool>> condition =
              getConstantCondition(select.getCondition())) {
        SmallVector<bool> attend;
        for (bool c : *condition)
          attend.push_back(fillOnTrue ? !c : c);
        useAttendPattern(conditionType.getShape(), attend);
      } else if (fillOnTrue) {
        maskedOutCondition = select.getCondition();
      } else {
        mask = select.getCondition();
      }
      scores = fillOnTrue ? select.getOnFalse() : select.getOnTrue();
    } else if (auto add = scores.getDefiningOp<AddOp>()) {
      if (!add->hasOneUse())
        return rewriter.notifyMatchFailure(pv, "shared scores");
      bool lhsIsProduct = add.getLhs().getDefiningOp<DotOp>() ||
                          add.getLhs().getDefiningOp<MulOp>() ||
                          add.getLhs().getDefiningOp<DivOp>();
      scores = lhsIsProduct ? add.getLhs() : add.getRhs();
      mask = lhsIsProduct ? add.getRhs() : add.getLhs();
      // A constant of 0 and -inf (scaled_dot_product_attention's export of
      // is_causal, a tril through where) says which keys each query sees:
      // the causal pattern, or a boolean mask.
      if (std::optional<SmallVector<bool>> attend = getAdditiveAttend(mask)) {
        useAttendPattern(typeOf(mask).getShape(), *attend);
        mask = Value();
      }
    }

    // The scale on the scores.
    double scale = 1.0;
    peelScale(scores, scale, /*needsOneUse=*/true);

    // Q K^T: K transposed by the product's dimensions or by a transpose.
    auto qk = scores.getDefiningOp<DotOp>();
    if (!qk || !qk->hasOneUse())
      return rewriter.notifyMatchFailure(pv, "scores are not a product");
    Value key;
    SmallVector<int64_t> keyPermutation;
    // A key scaled before the product: scaled_dot_product_attention's
    // export multiplies q and K^T by sqrt(scale) each.
    Value keyOperand = qk.getRhs();
    peelScale(keyOperand, scale, /*needsOneUse=*/true);
    if (isBatchedProduct(qk, rank - 1)) {
      key = keyOperand;
    } else if (isBatchedProduct(qk, rank - 2)) {
      // K^T = transpose(x, perm), so K = transpose(x, perm with its last
      // two entries swapped); exporters merge the head split and the
      // transpose into one permutation.
      auto transpose = keyOperand.getDefiningOp<TransposeOp>();
      if (!transpose)
        return rewriter.notifyMatchFailure(pv, "K is not transposed");
      keyPermutation.assign(transpose.getPermutation().begin(),
                            transpose.getPermutation().end());
      std::swap(keyPermutation[rank - 1], keyPermutation[rank - 2]);
      key = transpose.getOperand();
      if (llvm::equal(keyPermutation, llvm::seq<int64_t>(0, rank)))
        keyPermutation.clear();
    } else {
      return rewriter.notifyMatchFailure(pv, "scores are not Q K^T");
    }
    // A query scaled before the product (torch's MultiheadAttention).
    Value query = qk.getLhs();
    peelScale(query, scale, /*needsOneUse=*/false);
    Value value = pv.getRhs();
    // Grouped-query attention written with K and V repeated per query
    // head: kiln.attention reads the kv heads in place instead.
    if (rank == 4 && keyPermutation.empty()) {
      auto keyHeads = matchRepeatedHeads(key);
      auto valueHeads = matchRepeatedHeads(value);
      if (keyHeads && valueHeads && keyHeads->second == valueHeads->second) {
        key = keyHeads->first;
        value = valueHeads->first;
      }
    }
    Type element = typeOf(query).getElementType();
    if (typeOf(key).getElementType() != element ||
        typeOf(value).getElementType() != element)
      return rewriter.notifyMatchFailure(pv, "mismatched q, k, v");

    // kiln.attention takes a positive f32 scale: a zero, negative or
    // overflowing product of the graph's constants stays as it is.
    float scale32 = static_cast<float>(scale);
    if (!(scale32 > 0.0f) || !std::isfinite(scale32))
      return rewriter.notifyMatchFailure(pv, "scale is not a positive f32");

    ImplicitLocOpBuilder b(pv.getLoc(), rewriter);
    KilnBuilder k(b);
    if (!keyPermutation.empty())
      key = TransposeOp::create(b, key, keyPermutation);
    // kiln.attention is [B, H, S, D]: a 3-d [B*H, S, D] form gets a unit
    // batch dimension around it.
    auto toRank4 = [&](Value v) -> Value {
      if (!v || rank == 4)
        return v;
      SmallVector<int64_t> shape(typeOf(v).getShape());
      shape.insert(shape.begin(), 1);
      return k.reshape(v, shape);
    };
    Value maskValue = mask;
    if (attendConstant)
      maskValue = ConstantOp::create(b, attendConstant);
    if (maskedOutCondition)
      maskValue = NotOp::create(b, maskedOutCondition);
    Value attention = AttentionOp::create(
        b, toRank4(query), toRank4(key), toRank4(value), toRank4(maskValue),
        b.getF32FloatAttr(scale32), causal ? b.getUnitAttr() : UnitAttr());
    if (rank == 3)
      attention = k.reshape(attention, typeOf(pv.getResult()).getShape());
    rewriter.replaceOp(pv, attention);
    return success();
  }
};

struct RaiseAttentionPass
    : kiln::impl::RaiseAttentionPassBase<RaiseAttentionPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<RaiseAttention>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
