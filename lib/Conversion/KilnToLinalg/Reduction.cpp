//===- Reduction.cpp - Reductions and argmax to linalg --------------------===//

#include "LoweringUtils.h"
#include "kiln/Conversion/KilnToLinalg.h"
#include "kiln/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// The operand's shape without `dims`.
SmallVector<int64_t> reducedShape(RankedTensorType type,
                                  ArrayRef<int64_t> dims) {
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (!llvm::is_contained(dims, d))
      shape.push_back(type.getDimSize(d));
  return shape;
}

// The identity and combiner of each reduction.
TypedAttr identity(ReduceSumOp, Type t) { return getScalarAttr(t, 0); }
TypedAttr identity(ReduceProdOp, Type t) { return getScalarAttr(t, 1); }
TypedAttr identity(ReduceMaxOp, Type t) { return getExtremeAttr(t, false); }
TypedAttr identity(ReduceMinOp, Type t) { return getExtremeAttr(t, true); }

template <typename FloatOp, typename IntOp>
Value combine(OpBuilder &b, Location loc, Value x, Value acc) {
  if (isa<FloatType>(x.getType()))
    return FloatOp::create(b, loc, x, acc);
  return IntOp::create(b, loc, x, acc);
}
Value combine(ReduceSumOp, OpBuilder &b, Location loc, Value x, Value acc) {
  return combine<arith::AddFOp, arith::AddIOp>(b, loc, x, acc);
}
Value combine(ReduceProdOp, OpBuilder &b, Location loc, Value x, Value acc) {
  return combine<arith::MulFOp, arith::MulIOp>(b, loc, x, acc);
}
/// NaN-propagating, as numpy.max / torch.amax.
Value combine(ReduceMaxOp, OpBuilder &b, Location loc, Value x, Value acc) {
  if (x.getType().isUnsignedInteger())
    return arith::MaxUIOp::create(b, loc, x, acc);
  return combine<arith::MaximumFOp, arith::MaxSIOp>(b, loc, x, acc);
}
Value combine(ReduceMinOp, OpBuilder &b, Location loc, Value x, Value acc) {
  if (x.getType().isUnsignedInteger())
    return arith::MinUIOp::create(b, loc, x, acc);
  return combine<arith::MinimumFOp, arith::MinSIOp>(b, loc, x, acc);
}

/// linalg.reduce into the reduced shape, then an expand_shape back to the
/// size-1 dimensions when `keep_dims` is set.
template <typename OpTy> struct ReduceLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    Location loc = op.getLoc();
    Value input = adaptor.getOperand();
    auto inputType = cast<RankedTensorType>(input.getType());
    auto type = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> dims = op.getDims();
    if (dims.empty()) {
      rewriter.replaceOp(op, input);
      return success();
    }
    auto reducedType = type.clone(reducedShape(inputType, dims));
    Value init = createFilled(rewriter, loc, reducedType,
                              identity(op, type.getElementType()));
    auto reduce = linalg::ReduceOp::create(
        rewriter, loc, ValueRange{input}, ValueRange{init}, dims,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          linalg::YieldOp::create(b, nestedLoc,
                                  combine(op, b, nestedLoc, args[0], args[1]));
        });
    rewriter.replaceOp(op,
                       reshapeTensor(rewriter, loc, reduce.getResult(0), type));
    return success();
  }
};

/// A generic carrying (best value, best index) along `dim`. A later element
/// replaces the best only when strictly greater, so ties keep the first
/// index; a NaN wins over any number and the first NaN is kept, as numpy.
/// argmax and argmin: one reduction carrying the best value and its index.
template <typename OpTy> struct ArgExtremeLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  static constexpr bool isMin = std::is_same_v<OpTy, ArgMinOp>;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    Location loc = op.getLoc();
    Value input = adaptor.getOperand();
    auto inputType = cast<RankedTensorType>(input.getType());
    auto type = cast<RankedTensorType>(op.getType());
    int64_t dim = static_cast<int64_t>(op.getDim());
    int64_t rank = inputType.getRank();
    Type valueType = inputType.getElementType();
    Type indexType = type.getElementType();
    SmallVector<int64_t> shape = reducedShape(inputType, {dim});
    auto valuesType = RankedTensorType::get(shape, valueType);
    auto indicesType = RankedTensorType::get(shape, indexType);
    // The start is the extreme the search moves away from: -inf for
    // argmax, +inf for argmin.
    Value valuesInit = createFilled(rewriter, loc, valuesType,
                                    getExtremeAttr(valueType, isMin));
    Value indicesInit =
        createFilled(rewriter, loc, indicesType, getScalarAttr(indexType, 0));

    MLIRContext *context = rewriter.getContext();
    SmallVector<AffineExpr> outExprs;
    SmallVector<utils::IteratorType> iterators;
    for (int64_t d = 0; d < rank; ++d) {
      if (d != dim)
        outExprs.push_back(getAffineDimExpr(d, context));
      iterators.push_back(d == dim ? utils::IteratorType::reduction
                                   : utils::IteratorType::parallel);
    }
    AffineMap outMap = AffineMap::get(rank, 0, outExprs, context);
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank),
                                   outMap, outMap};
    bool isFloat = isa<FloatType>(valueType);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{valuesType, indicesType}, ValueRange{input},
        ValueRange{valuesInit, indicesInit}, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = args[0], best = args[1], bestIndex = args[2];
          // Ties move to the later index only with select_last.
          bool last = op.getSelectLast();
          Value take;
          if (isFloat) {
            arith::CmpFPredicate better =
                isMin ? (last ? arith::CmpFPredicate::OLE
                              : arith::CmpFPredicate::OLT)
                      : (last ? arith::CmpFPredicate::OGE
                              : arith::CmpFPredicate::OGT);
            Value greater = arith::CmpFOp::create(b, l, better, x, best);
            Value xNan =
                arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNO, x, x);
            Value bestNumber = arith::CmpFOp::create(
                b, l, arith::CmpFPredicate::ORD, best, best);
            take = arith::OrIOp::create(
                b, l, greater, arith::AndIOp::create(b, l, xNan, bestNumber));
          } else {
            using P = arith::CmpIPredicate;
            bool u = x.getType().isUnsignedInteger();
            P better =
                isMin ? (last ? (u ? P::ule : P::sle) : (u ? P::ult : P::slt))
                      : (last ? (u ? P::uge : P::sge) : (u ? P::ugt : P::sgt));
            take = arith::CmpIOp::create(b, l, better, x, best);
          }
          Value index = arith::IndexCastOp::create(
              b, l, indexType, linalg::IndexOp::create(b, l, dim));
          linalg::YieldOp::create(
              b, l,
              ValueRange{
                  arith::SelectOp::create(b, l, take, x, best),
                  arith::SelectOp::create(b, l, take, index, bestIndex)});
        });
    rewriter.replaceOp(
        op, reshapeTensor(rewriter, loc, generic.getResult(1), type));
    return success();
  }
};

} // namespace

void mlir::kiln::populateReductionToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<ReduceLowering<ReduceSumOp>, ReduceLowering<ReduceProdOp>,
               ReduceLowering<ReduceMaxOp>, ReduceLowering<ReduceMinOp>,
               ArgExtremeLowering<ArgMaxOp>, ArgExtremeLowering<ArgMinOp>>(
      patterns.getContext());
}
