//===- LoweringUtils.cpp - Shared pieces of the kiln-to-linalg lowering ---===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

#include <limits>

using namespace mlir;
using namespace mlir::kiln;

AffineMap mlir::kiln::getBroadcastMap(RankedTensorType operand,
                                      RankedTensorType result) {
  MLIRContext *context = result.getContext();
  int64_t offset = result.getRank() - operand.getRank();
  SmallVector<AffineExpr> exprs;
  for (int64_t dim = 0; dim < operand.getRank(); ++dim) {
    bool broadcast =
        operand.getDimSize(dim) == 1 && result.getDimSize(dim + offset) != 1;
    exprs.push_back(broadcast ? getAffineConstantExpr(0, context)
                              : getAffineDimExpr(dim + offset, context));
  }
  return AffineMap::get(result.getRank(), 0, exprs, context);
}

Value mlir::kiln::createEmpty(OpBuilder &b, Location loc,
                              RankedTensorType type) {
  return tensor::EmptyOp::create(b, loc, type.getShape(),
                                 type.getElementType());
}

Value mlir::kiln::createFilled(OpBuilder &b, Location loc,
                               RankedTensorType type, TypedAttr value) {
  Value scalar = arith::ConstantOp::create(b, loc, value);
  return linalg::FillOp::create(b, loc, scalar, createEmpty(b, loc, type))
      .getResult(0);
}

Value mlir::kiln::createElementwise(OpBuilder &b, Location loc,
                                    RankedTensorType resultType,
                                    ValueRange inputs, ScalarBuilder body) {
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(
        getBroadcastMap(cast<RankedTensorType>(input.getType()), resultType));
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs,
      ValueRange{createEmpty(b, loc, resultType)}, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args.drop_back());
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

TypedAttr mlir::kiln::getScalarAttr(Type type, double value) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return FloatAttr::get(floatType, value);
  return IntegerAttr::get(type, static_cast<int64_t>(value));
}

TypedAttr mlir::kiln::getExtremeAttr(Type type, bool max) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return FloatAttr::get(floatType,
                          APFloat::getInf(floatType.getFloatSemantics(), !max));
  unsigned width = type.getIntOrFloatBitWidth();
  if (type.isUnsignedInteger())
    return IntegerAttr::get(type, max ? APInt::getMaxValue(width)
                                      : APInt::getZero(width));
  return IntegerAttr::get(type, max ? APInt::getSignedMaxValue(width)
                                    : APInt::getSignedMinValue(width));
}

Value mlir::kiln::castScalar(OpBuilder &b, Location loc, Value value, Type to) {
  Type from = value.getType();
  if (from == to)
    return value;
  auto constant = [&](Type type, double v) -> Value {
    return arith::ConstantOp::create(b, loc, getScalarAttr(type, v));
  };
  bool fromFloat = isa<FloatType>(from), toFloat = isa<FloatType>(to);
  if (to.isInteger(1)) {
    if (fromFloat)
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, value,
                                   constant(from, 0.0));
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, value,
                                 constant(from, 0.0));
  }
  // i1 and unsigned integers zero-extend; signed integers sign-extend.
  bool fromUnsigned = from.isInteger(1) || from.isUnsignedInteger();
  if (!fromFloat && toFloat)
    return fromUnsigned ? Value(arith::UIToFPOp::create(b, loc, to, value))
                        : Value(arith::SIToFPOp::create(b, loc, to, value));
  if (!fromFloat && !toFloat) {
    if (to.getIntOrFloatBitWidth() > from.getIntOrFloatBitWidth())
      return fromUnsigned ? Value(arith::ExtUIOp::create(b, loc, to, value))
                          : Value(arith::ExtSIOp::create(b, loc, to, value));
    if (to.getIntOrFloatBitWidth() < from.getIntOrFloatBitWidth())
      return arith::TruncIOp::create(b, loc, to, value);
    // Same width, other signedness: the same bits.
    return arith::BitcastOp::create(b, loc, to, value);
  }
  if (fromFloat && toFloat) {
    unsigned fromWidth = from.getIntOrFloatBitWidth();
    unsigned toWidth = to.getIntOrFloatBitWidth();
    if (fromWidth == toWidth) // f16 <-> bf16 goes through f32.
      value = arith::ExtFOp::create(b, loc, b.getF32Type(), value);
    if (toWidth > value.getType().getIntOrFloatBitWidth())
      return arith::ExtFOp::create(b, loc, to, value);
    return arith::TruncFOp::create(b, loc, to, value);
  }
  // Float to integer: fptosi/fptoui are poison out of range, so the bounds
  // and NaN are selected explicitly (saturating). The bounds, +-2^(n-1) or
  // 0 and 2^n, are exact in every float type (or round to an infinity,
  // which compares correctly).
  unsigned width = to.getIntOrFloatBitWidth();
  bool toUnsigned = to.isUnsignedInteger();
  double high = std::ldexp(1.0, static_cast<int>(width) - (toUnsigned ? 0 : 1));
  double low = toUnsigned ? -1.0 : -high;
  Value converted = toUnsigned
                        ? Value(arith::FPToUIOp::create(b, loc, to, value))
                        : Value(arith::FPToSIOp::create(b, loc, to, value));
  Value tooHigh = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE,
                                        value, constant(from, high));
  Value tooLow = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLE, value,
                                       constant(from, low));
  Value isNan =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, value, value);
  auto intConstant = [&](const APInt &v) -> Value {
    return arith::ConstantOp::create(b, loc, IntegerAttr::get(to, v));
  };
  APInt max =
      toUnsigned ? APInt::getMaxValue(width) : APInt::getSignedMaxValue(width);
  APInt min =
      toUnsigned ? APInt::getZero(width) : APInt::getSignedMinValue(width);
  Value result =
      arith::SelectOp::create(b, loc, tooHigh, intConstant(max), converted);
  result = arith::SelectOp::create(b, loc, tooLow, intConstant(min), result);
  return arith::SelectOp::create(b, loc, isNan, constant(to, 0.0), result);
}

Value mlir::kiln::toPosition(OpBuilder &b, Location loc, Value value,
                             int64_t size, bool clamp) {
  Value index = arith::IndexCastOp::create(b, loc, b.getIndexType(), value);
  Value sizeValue = arith::ConstantIndexOp::create(b, loc, size);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value negative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, index, zero);
  index = arith::SelectOp::create(
      b, loc, negative, arith::AddIOp::create(b, loc, index, sizeValue), index);
  if (!clamp)
    return index;
  Value last = arith::ConstantIndexOp::create(b, loc, size - 1);
  return arith::MaxSIOp::create(b, loc, zero,
                                arith::MinSIOp::create(b, loc, index, last));
}

Value mlir::kiln::reshapeTensor(OpBuilder &b, Location loc, Value value,
                                RankedTensorType type) {
  auto source = cast<RankedTensorType>(value.getType());
  if (source == type)
    return value;
  // A 0-d tensor relates to an all-ones shape by an empty reassociation.
  if (type.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, type, value,
                                           ArrayRef<ReassociationIndices>{});
  if (source.getRank() == 0)
    return tensor::ExpandShapeOp::create(b, loc, type, value,
                                         ArrayRef<ReassociationIndices>{});
  if (source.getRank() > type.getRank()) {
    if (auto reassociation = getReassociationIndicesForCollapse(
            source.getShape(), type.getShape()))
      return tensor::CollapseShapeOp::create(b, loc, type, value,
                                             *reassociation);
  } else if (source.getRank() < type.getRank()) {
    if (auto reassociation = getReassociationIndicesForCollapse(
            type.getShape(), source.getShape()))
      return tensor::ExpandShapeOp::create(b, loc, type, value, *reassociation);
  }
  // A 1-D side is one group (a zero-size dimension defeats the search
  // for a reassociation above).
  auto oneGroup = [](int64_t rank) {
    return SmallVector<ReassociationIndices>{
        llvm::to_vector(llvm::seq<int64_t>(0, rank))};
  };
  if (source.getRank() == 1)
    return tensor::ExpandShapeOp::create(b, loc, type, value,
                                         oneGroup(type.getRank()));
  if (type.getRank() == 1)
    return tensor::CollapseShapeOp::create(b, loc, type, value,
                                           oneGroup(source.getRank()));
  // No single collapse or expand relates the shapes: go through 1-D.
  auto flatType =
      RankedTensorType::get({type.getNumElements()}, type.getElementType());
  Value flat = reshapeTensor(b, loc, value, flatType);
  return reshapeTensor(b, loc, flat, type);
}
