//===- Elementwise.cpp - Elementwise kiln ops to linalg.generic -----------===//
//
// Every elementwise op (unary, binary with broadcasting, compare, select,
// cast) becomes one all-parallel linalg.generic whose body is the scalar
// arith/math form below; iota, broadcast and constant are here too because
// they are elementwise in the same sense.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "kiln/Conversion/KilnToLinalg.h"
#include "kiln/KilnOps.h"

#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;

namespace {

bool isFloat(Value v) { return isa<FloatType>(v.getType()); }

/// Unsigned integer elements (ui8 ... ui64): the body is built on them and
/// KilnToLinalg makes the types signless afterwards, so this is where the
/// signedness picks the op.
bool isUnsigned(Value v) { return v.getType().isUnsignedInteger(); }

Value constantLike(OpBuilder &b, Location loc, Value like, double value) {
  return arith::ConstantOp::create(b, loc,
                                   getScalarAttr(like.getType(), value));
}

/// -1 of `like`'s type: all bits set for integers (and true for i1).
Value minusOneLike(OpBuilder &b, Location loc, Value like) {
  Type type = like.getType();
  if (isa<FloatType>(type))
    return constantLike(b, loc, like, -1.0);
  return arith::ConstantOp::create(
      b, loc,
      IntegerAttr::get(type, APInt::getAllOnes(type.getIntOrFloatBitWidth())));
}

/// The float or the integer op, by the operands' element type.
template <typename FloatOp, typename IntOp>
Value floatOrInt(OpBuilder &b, Location loc, ValueRange args) {
  if (isFloat(args[0]))
    return FloatOp::create(b, loc, args);
  return IntOp::create(b, loc, args);
}

/// The float, signed or unsigned integer op, by the operands' element type.
template <typename FloatOp, typename SignedOp, typename UnsignedOp>
Value bySignedness(OpBuilder &b, Location loc, ValueRange args) {
  if (isUnsigned(args[0]))
    return UnsignedOp::create(b, loc, args);
  return floatOrInt<FloatOp, SignedOp>(b, loc, args);
}

/// one + exp(-x), the denominator of sigmoid and silu.
Value onePlusExpNeg(OpBuilder &b, Location loc, Value x, Value one) {
  Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
  return arith::AddFOp::create(b, loc, one, e);
}

// The scalar body of each elementwise op.
Value scalar(NegOp, OpBuilder &b, Location loc, ValueRange a) {
  if (isFloat(a[0]))
    return arith::NegFOp::create(b, loc, a[0]);
  return arith::SubIOp::create(b, loc, constantLike(b, loc, a[0], 0), a[0]);
}
Value scalar(AbsOp, OpBuilder &b, Location loc, ValueRange a) {
  if (isUnsigned(a[0]))
    return a[0];
  return floatOrInt<math::AbsFOp, math::AbsIOp>(b, loc, a);
}
Value scalar(ExpOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::ExpOp::create(b, loc, a[0]);
}
Value scalar(LogOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::LogOp::create(b, loc, a[0]);
}
Value scalar(SqrtOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::SqrtOp::create(b, loc, a[0]);
}
Value scalar(RsqrtOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::RsqrtOp::create(b, loc, a[0]);
}
Value scalar(TanhOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::TanhOp::create(b, loc, a[0]);
}
Value scalar(ErfOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::ErfOp::create(b, loc, a[0]);
}
Value scalar(FloorOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::FloorOp::create(b, loc, a[0]);
}
Value scalar(CeilOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::CeilOp::create(b, loc, a[0]);
}
Value scalar(RoundOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::RoundEvenOp::create(b, loc, a[0]);
}
/// 1 above zero, -1 below, x itself otherwise (0, -0 and NaN).
Value scalar(SignOp, OpBuilder &b, Location loc, ValueRange a) {
  Value x = a[0], zero = constantLike(b, loc, x, 0);
  Value one = constantLike(b, loc, x, 1), minusOne = minusOneLike(b, loc, x);
  Value above, below;
  if (isFloat(x)) {
    above = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, zero);
    below = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, zero);
  } else if (isUnsigned(x)) {
    above = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, x, zero);
    below = arith::ConstantOp::create(b, loc, b.getBoolAttr(false));
  } else {
    above = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, x, zero);
    below = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x, zero);
  }
  return arith::SelectOp::create(
      b, loc, above, one, arith::SelectOp::create(b, loc, below, minusOne, x));
}
Value scalar(SinOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::SinOp::create(b, loc, a[0]);
}
Value scalar(CosOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::CosOp::create(b, loc, a[0]);
}
Value scalar(TanOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::TanOp::create(b, loc, a[0]);
}
Value scalar(AsinOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::AsinOp::create(b, loc, a[0]);
}
Value scalar(AcosOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::AcosOp::create(b, loc, a[0]);
}
Value scalar(AtanOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::AtanOp::create(b, loc, a[0]);
}
Value scalar(SinhOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::SinhOp::create(b, loc, a[0]);
}
Value scalar(CoshOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::CoshOp::create(b, loc, a[0]);
}
Value scalar(AsinhOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::AsinhOp::create(b, loc, a[0]);
}
Value scalar(AcoshOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::AcoshOp::create(b, loc, a[0]);
}
Value scalar(AtanhOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::AtanhOp::create(b, loc, a[0]);
}
/// x xor all-ones: logical not of i1, bitwise not of integers.
Value scalar(NotOp, OpBuilder &b, Location loc, ValueRange a) {
  return arith::XOrIOp::create(b, loc, a[0], minusOneLike(b, loc, a[0]));
}
/// 1 / (1 + exp(-x)).
Value scalar(SigmoidOp, OpBuilder &b, Location loc, ValueRange a) {
  Value one = constantLike(b, loc, a[0], 1.0);
  return arith::DivFOp::create(b, loc, one, onePlusExpNeg(b, loc, a[0], one));
}
Value scalar(ReluOp, OpBuilder &b, Location loc, ValueRange a) {
  Value zero = constantLike(b, loc, a[0], 0.0);
  if (isFloat(a[0]))
    return arith::MaximumFOp::create(b, loc, a[0], zero);
  if (isUnsigned(a[0]))
    return a[0];
  return arith::MaxSIOp::create(b, loc, a[0], zero);
}
/// x / (1 + exp(-x)), as torch computes silu.
Value scalar(SiluOp, OpBuilder &b, Location loc, ValueRange a) {
  Value one = constantLike(b, loc, a[0], 1.0);
  return arith::DivFOp::create(b, loc, a[0], onePlusExpNeg(b, loc, a[0], one));
}
Value scalar(GeluOp op, OpBuilder &b, Location loc, ValueRange a) {
  Value x = a[0];
  auto c = [&](double v) { return constantLike(b, loc, x, v); };
  Value inner;
  if (op.getApproximation() == GeluApproximation::tanh) {
    // tanh(sqrt(2/pi) * (x + 0.044715 x^3))
    Value cube =
        arith::MulFOp::create(b, loc, x, arith::MulFOp::create(b, loc, x, x));
    Value poly = arith::AddFOp::create(
        b, loc, x, arith::MulFOp::create(b, loc, cube, c(0.044715)));
    inner = math::TanhOp::create(
        b, loc, arith::MulFOp::create(b, loc, poly, c(std::sqrt(2.0 / M_PI))));
  } else {
    // erf(x / sqrt(2))
    inner = math::ErfOp::create(b, loc,
                                arith::MulFOp::create(b, loc, x, c(M_SQRT1_2)));
  }
  Value half = arith::MulFOp::create(b, loc, x, c(0.5));
  return arith::MulFOp::create(b, loc, half,
                               arith::AddFOp::create(b, loc, c(1.0), inner));
}
Value scalar(AddOp, OpBuilder &b, Location loc, ValueRange a) {
  return floatOrInt<arith::AddFOp, arith::AddIOp>(b, loc, a);
}
Value scalar(SubOp, OpBuilder &b, Location loc, ValueRange a) {
  return floatOrInt<arith::SubFOp, arith::SubIOp>(b, loc, a);
}
Value scalar(MulOp, OpBuilder &b, Location loc, ValueRange a) {
  return floatOrInt<arith::MulFOp, arith::MulIOp>(b, loc, a);
}
Value scalar(DivOp, OpBuilder &b, Location loc, ValueRange a) {
  return bySignedness<arith::DivFOp, arith::DivSIOp, arith::DivUIOp>(b, loc, a);
}
/// NaN-propagating, as torch.maximum / numpy.maximum.
Value scalar(MaxOp, OpBuilder &b, Location loc, ValueRange a) {
  return bySignedness<arith::MaximumFOp, arith::MaxSIOp, arith::MaxUIOp>(b, loc,
                                                                         a);
}
Value scalar(MinOp, OpBuilder &b, Location loc, ValueRange a) {
  return bySignedness<arith::MinimumFOp, arith::MinSIOp, arith::MinUIOp>(b, loc,
                                                                         a);
}
Value scalar(PowOp, OpBuilder &b, Location loc, ValueRange a) {
  return math::PowFOp::create(b, loc, a[0], a[1]);
}
Value scalar(RemOp, OpBuilder &b, Location loc, ValueRange a) {
  return bySignedness<arith::RemFOp, arith::RemSIOp, arith::RemUIOp>(b, loc, a);
}
Value scalar(AndOp, OpBuilder &b, Location loc, ValueRange a) {
  return arith::AndIOp::create(b, loc, a[0], a[1]);
}
Value scalar(OrOp, OpBuilder &b, Location loc, ValueRange a) {
  return arith::OrIOp::create(b, loc, a[0], a[1]);
}
Value scalar(XorOp, OpBuilder &b, Location loc, ValueRange a) {
  return arith::XOrIOp::create(b, loc, a[0], a[1]);
}
/// LLVM's shifts are poison from the bit width up; kiln's are defined there.
Value shiftIsTooLong(OpBuilder &b, Location loc, Value amount) {
  Value width =
      constantLike(b, loc, amount, amount.getType().getIntOrFloatBitWidth());
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge, amount,
                               width);
}
Value scalar(ShiftLeftOp, OpBuilder &b, Location loc, ValueRange a) {
  Value shifted = arith::ShLIOp::create(b, loc, a[0], a[1]);
  return arith::SelectOp::create(b, loc, shiftIsTooLong(b, loc, a[1]),
                                 constantLike(b, loc, a[0], 0), shifted);
}
Value scalar(ShiftRightOp, OpBuilder &b, Location loc, ValueRange a) {
  Value tooLong = shiftIsTooLong(b, loc, a[1]);
  if (isUnsigned(a[0]))
    return arith::SelectOp::create(b, loc, tooLong,
                                   constantLike(b, loc, a[0], 0),
                                   arith::ShRUIOp::create(b, loc, a[0], a[1]));
  // An arithmetic shift by width - 1 is what every longer one means.
  Value last =
      constantLike(b, loc, a[1], a[1].getType().getIntOrFloatBitWidth() - 1);
  Value amount = arith::SelectOp::create(b, loc, tooLong, last, a[1]);
  return arith::ShRSIOp::create(b, loc, a[0], amount);
}
Value scalar(SelectOp, OpBuilder &b, Location loc, ValueRange a) {
  return arith::SelectOp::create(b, loc, a[0], a[1], a[2]);
}
Value scalar(CompareOp op, OpBuilder &b, Location loc, ValueRange a) {
  CompareDirection direction = op.getDirection();
  if (isFloat(a[0])) {
    // Ordered, except `ne`, which is true when either side is NaN (IEEE).
    arith::CmpFPredicate predicate;
    switch (direction) {
    case CompareDirection::eq:
      predicate = arith::CmpFPredicate::OEQ;
      break;
    case CompareDirection::ne:
      predicate = arith::CmpFPredicate::UNE;
      break;
    case CompareDirection::lt:
      predicate = arith::CmpFPredicate::OLT;
      break;
    case CompareDirection::le:
      predicate = arith::CmpFPredicate::OLE;
      break;
    case CompareDirection::gt:
      predicate = arith::CmpFPredicate::OGT;
      break;
    case CompareDirection::ge:
      predicate = arith::CmpFPredicate::OGE;
      break;
    }
    return arith::CmpFOp::create(b, loc, predicate, a[0], a[1]);
  }
  // Signed integers compare signed; unsigned ones and i1 (false < true)
  // unsigned.
  bool isBool = a[0].getType().isInteger(1) || isUnsigned(a[0]);
  arith::CmpIPredicate predicate;
  switch (direction) {
  case CompareDirection::eq:
    predicate = arith::CmpIPredicate::eq;
    break;
  case CompareDirection::ne:
    predicate = arith::CmpIPredicate::ne;
    break;
  case CompareDirection::lt:
    predicate = isBool ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt;
    break;
  case CompareDirection::le:
    predicate = isBool ? arith::CmpIPredicate::ule : arith::CmpIPredicate::sle;
    break;
  case CompareDirection::gt:
    predicate = isBool ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt;
    break;
  case CompareDirection::ge:
    predicate = isBool ? arith::CmpIPredicate::uge : arith::CmpIPredicate::sge;
    break;
  }
  return arith::CmpIOp::create(b, loc, predicate, a[0], a[1]);
}
Value scalar(CastOp op, OpBuilder &b, Location loc, ValueRange a) {
  return castScalar(b, loc, a[0], getElementTypeOrSelf(op.getType()));
}
/// Broadcasting is all in the indexing map; the body copies.
Value scalar(BroadcastOp, OpBuilder &, Location, ValueRange a) { return a[0]; }

template <typename OpTy>
struct ElementwiseLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    Value result = createElementwise(
        rewriter, op.getLoc(), resultType, adaptor.getOperands(),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return scalar(op, b, loc, args);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// result[i...] = i_dim, converted to the element type.
struct IotaLowering : OpConversionPattern<IotaOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(IotaOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const final {
    auto type = cast<RankedTensorType>(op.getType());
    int64_t dim = static_cast<int64_t>(op.getDim());
    Value result = createElementwise(
        rewriter, op.getLoc(), type, {},
        [&](OpBuilder &b, Location loc, ValueRange) {
          Value index = linalg::IndexOp::create(b, loc, dim);
          Value i64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
          return castScalar(b, loc, i64, type.getElementType());
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConstantLowering : OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const final {
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, cast<TypedAttr>(op.getValue()));
    return success();
  }
};

} // namespace

void mlir::kiln::populateElementwiseToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns
      .add<ElementwiseLowering<NegOp>, ElementwiseLowering<AbsOp>,
           ElementwiseLowering<ExpOp>, ElementwiseLowering<LogOp>,
           ElementwiseLowering<SqrtOp>, ElementwiseLowering<RsqrtOp>,
           ElementwiseLowering<TanhOp>, ElementwiseLowering<ErfOp>,
           ElementwiseLowering<SigmoidOp>, ElementwiseLowering<ReluOp>,
           ElementwiseLowering<SiluOp>, ElementwiseLowering<GeluOp>,
           ElementwiseLowering<AddOp>, ElementwiseLowering<SubOp>,
           ElementwiseLowering<MulOp>, ElementwiseLowering<DivOp>,
           ElementwiseLowering<MaxOp>, ElementwiseLowering<MinOp>,
           ElementwiseLowering<PowOp>, ElementwiseLowering<SelectOp>,
           ElementwiseLowering<CompareOp>, ElementwiseLowering<CastOp>,
           ElementwiseLowering<BroadcastOp>, IotaLowering, ConstantLowering>(
          patterns.getContext());
  patterns
      .add<ElementwiseLowering<FloorOp>, ElementwiseLowering<CeilOp>,
           ElementwiseLowering<RoundOp>, ElementwiseLowering<SignOp>,
           ElementwiseLowering<SinOp>, ElementwiseLowering<CosOp>,
           ElementwiseLowering<TanOp>, ElementwiseLowering<AsinOp>,
           ElementwiseLowering<AcosOp>, ElementwiseLowering<AtanOp>,
           ElementwiseLowering<SinhOp>, ElementwiseLowering<CoshOp>,
           ElementwiseLowering<AsinhOp>, ElementwiseLowering<AcoshOp>,
           ElementwiseLowering<AtanhOp>, ElementwiseLowering<NotOp>,
           ElementwiseLowering<RemOp>, ElementwiseLowering<AndOp>,
           ElementwiseLowering<OrOp>, ElementwiseLowering<XorOp>,
           ElementwiseLowering<ShiftLeftOp>, ElementwiseLowering<ShiftRightOp>>(
          patterns.getContext());
}
