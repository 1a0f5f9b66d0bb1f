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
    if (auto select = scores.getDefiningOp<SelectOp>()) {
      std::optional<double> fill = getSplatFloat(select.getOnTrue());
      std::optional<SmallVector<bool>> maskedOut =
          getConstantCondition(select.getCondition());
      auto conditionType = typeOf(select.getCondition());
      if (!select->hasOneUse() || !maskedOut || !fill || !std::isinf(*fill) ||
          *fill > 0)
        return rewriter.notifyMatchFailure(pv, "unrecognized mask");
      SmallVector<bool> attend;
      for (bool out : *maskedOut)
        attend.push_back(!out);
      auto attendType =
          RankedTensorType::get(conditionType.getShape(), rewriter.getI1Type());
      DenseElementsAttr attendAttr = DenseElementsAttr::get(attendType, attend);
      if (isCausal(attendAttr, sq, sk))
        causal = true;
      else
        attendConstant = attendAttr;
      scores = select.getOnFalse();
    } else if (auto add = scores.getDefiningOp<AddOp>()) {
      if (!add->hasOneUse())
        return rewriter.notifyMatchFailure(pv, "shared scores");
      bool lhsIsProduct = add.getLhs().getDefiningOp<DotOp>() ||
                          add.getLhs().getDefiningOp<MulOp>() ||
                          add.getLhs().getDefiningOp<DivOp>();
      scores = lhsIsProduct ? add.getLhs() : add.getRhs();
      mask = lhsIsProduct ? add.getRhs() : add.getLhs();
    }

    // The scale on the scores.
    double scale = 1.0;
    if (Operation *op = scores.getDefiningOp();
        op && isa<MulOp, DivOp>(op) && op->hasOneUse()) {
      Value lhs = op->getOperand(0), rhs = op->getOperand(1);
      std::optional<double> c = getSplatFloat(rhs);
      if (!c && isa<MulOp>(op) && (c = getSplatFloat(lhs)))
        std::swap(lhs, rhs);
      if (c) {
        scale = isa<MulOp>(op) ? *c : 1.0 / *c;
        scores = lhs;
      }
    }

    // Q K^T: K transposed by the product's dimensions or by a transpose.
    auto qk = scores.getDefiningOp<DotOp>();
    if (!qk || !qk->hasOneUse())
      return rewriter.notifyMatchFailure(pv, "scores are not a product");
    Value key;
    SmallVector<int64_t> keyPermutation;
    if (isBatchedProduct(qk, rank - 1)) {
      key = qk.getRhs();
    } else if (isBatchedProduct(qk, rank - 2)) {
      // K^T = transpose(x, perm), so K = transpose(x, perm with its last
      // two entries swapped); exporters merge the head split and the
      // transpose into one permutation.
      auto transpose = qk.getRhs().getDefiningOp<TransposeOp>();
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
    if (Operation *op = query.getDefiningOp(); op && isa<MulOp, DivOp>(op)) {
      if (std::optional<double> c = getSplatFloat(op->getOperand(1))) {
        scale *= isa<MulOp>(op) ? *c : 1.0 / *c;
        query = op->getOperand(0);
      }
    }
    Value value = pv.getRhs();
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
