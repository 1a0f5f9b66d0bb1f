//===- ElementwiseOps.cpp - Kiln elementwise ops --------------------------===//
//
// Type inference, verifiers and folders of the unary, binary, compare,
// select and cast ops.
//
//===----------------------------------------------------------------------===//

#include "kiln/KilnOps.h"

#include "ConstantFolding.h"

#include "mlir/Dialect/CommonFolders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {
using FloatFn = llvm::function_ref<std::optional<APFloat>(APFloat, APFloat)>;
using IntFn = llvm::function_ref<std::optional<APInt>(APInt, APInt)>;
} // namespace

/// True when `type`'s elements are unsigned integers (ui8 ... ui64).
static bool isUnsignedElement(Type type) {
  return getElementTypeOrSelf(type).isUnsignedInteger();
}

/// True when `attr` is a splat constant whose every element equals `value`
/// exactly (for floats, -0.0 and +0.0 differ).
static bool isSplatOf(Attribute attr, double value) {
  auto splat = dyn_cast_if_present<SplatElementsAttr>(attr);
  if (!splat)
    return false;
  if (isa<FloatType>(splat.getElementType())) {
    APFloat element = splat.getSplatValue<APFloat>();
    APFloat expected(value);
    bool losesInfo;
    expected.convert(element.getSemantics(), APFloat::rmNearestTiesToEven,
                     &losesInfo);
    return element.bitwiseIsEqual(expected);
  }
  if (isa<IntegerType>(splat.getElementType()))
    return splat.getSplatValue<APInt>().getSExtValue() ==
           static_cast<int64_t>(value);
  return false;
}

/// Folds two constants of one type elementwise with `floatFn` or `intFn`.
static Attribute foldConstants(ArrayRef<Attribute> operands, Type resultType,
                               FloatFn floatFn, IntFn intFn) {
  if (!operands[0] || !operands[1])
    return {};
  // Small constants of different shapes are broadcast to the result first.
  auto shaped = cast<RankedTensorType>(resultType);
  SmallVector<Attribute, 2> broadcast(operands);
  for (Attribute &operand : broadcast)
    if (DenseElementsAttr constant = getSmallConstant(operand))
      if (shaped.getNumElements() <= kMaxFoldedElements)
        operand = broadcastElements(constant,
                                    shaped.clone(constant.getElementType()));
  operands = broadcast;
  Type element = getElementTypeOrSelf(resultType);
  if (isa<FloatType>(element) && floatFn)
    return constFoldBinaryOpConditional<FloatAttr, APFloat, void>(
        operands, resultType, floatFn);
  if (isa<IntegerType>(element) && intFn)
    return constFoldBinaryOpConditional<IntegerAttr, APInt, void>(
        operands, resultType, intFn);
  return {};
}

/// `lhs` when `rhs` is the constant `identity` and lhs already has the
/// result's type (so no broadcast is lost).
template <typename OpTy>
static OpFoldResult foldRightIdentity(OpTy op, Attribute rhs, double identity) {
  if (isSplatOf(rhs, identity) && op.getLhs().getType() == op.getType())
    return op.getLhs();
  return {};
}

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  // x + (-0.0) == x for every float x; x + 0.0 would turn -0.0 into +0.0.
  bool isFloat = isa<FloatType>(getType().getElementType());
  if (OpFoldResult identity =
          foldRightIdentity(*this, adaptor.getRhs(), isFloat ? -0.0 : 0.0))
    return identity;
  return foldConstants(
      adaptor.getOperands(), getType(),
      [](APFloat a, APFloat b) -> std::optional<APFloat> { return a + b; },
      [](APInt a, APInt b) -> std::optional<APInt> { return a + b; });
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult identity = foldRightIdentity(*this, adaptor.getRhs(), 0.0))
    return identity;
  return foldConstants(
      adaptor.getOperands(), getType(),
      [](APFloat a, APFloat b) -> std::optional<APFloat> { return a - b; },
      [](APInt a, APInt b) -> std::optional<APInt> { return a - b; });
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult identity = foldRightIdentity(*this, adaptor.getRhs(), 1.0))
    return identity;
  return foldConstants(
      adaptor.getOperands(), getType(),
      [](APFloat a, APFloat b) -> std::optional<APFloat> { return a * b; },
      [](APInt a, APInt b) -> std::optional<APInt> { return a * b; });
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult identity = foldRightIdentity(*this, adaptor.getRhs(), 1.0))
    return identity;
  return foldConstants(
      adaptor.getOperands(), getType(),
      [](APFloat a, APFloat b) -> std::optional<APFloat> { return a / b; },
      [isUnsigned = isUnsignedElement(getType())](
          APInt a, APInt b) -> std::optional<APInt> {
        // Division by zero and INT_MIN / -1 are left for run time.
        if (b.isZero())
          return std::nullopt;
        if (isUnsigned)
          return a.udiv(b);
        if (a.isMinSignedValue() && b.isAllOnes())
          return std::nullopt;
        return a.sdiv(b);
      });
}

/// max(x, x) and min(x, x) are x.
template <typename OpTy> static OpFoldResult foldSameOperands(OpTy op) {
  if (op.getLhs() == op.getRhs() && op.getLhs().getType() == op.getType())
    return op.getLhs();
  return {};
}

OpFoldResult MaxOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult same = foldSameOperands(*this))
    return same;
  // NaN propagates, as in torch.maximum.
  return foldConstants(
      adaptor.getOperands(), getType(),
      [](APFloat a, APFloat b) -> std::optional<APFloat> {
        return llvm::maximum(a, b);
      },
      [isUnsigned = isUnsignedElement(getType())](
          APInt a, APInt b) -> std::optional<APInt> {
        return (isUnsigned ? a.uge(b) : a.sge(b)) ? a : b;
      });
}

OpFoldResult MinOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult same = foldSameOperands(*this))
    return same;
  return foldConstants(
      adaptor.getOperands(), getType(),
      [](APFloat a, APFloat b) -> std::optional<APFloat> {
        return llvm::minimum(a, b);
      },
      [isUnsigned = isUnsignedElement(getType())](
          APInt a, APInt b) -> std::optional<APInt> {
        return (isUnsigned ? a.ule(b) : a.sle(b)) ? a : b;
      });
}

OpFoldResult PowOp::fold(FoldAdaptor adaptor) {
  return foldRightIdentity(*this, adaptor.getRhs(), 1.0);
}

OpFoldResult RemOp::fold(FoldAdaptor adaptor) {
  return foldConstants(
      adaptor.getOperands(), getType(),
      [](APFloat a, APFloat b) -> std::optional<APFloat> {
        if (b.isZero())
          return std::nullopt;
        a.mod(b);
        return a;
      },
      [isUnsigned = isUnsignedElement(getType())](
          APInt a, APInt b) -> std::optional<APInt> {
        if (b.isZero())
          return std::nullopt;
        if (isUnsigned)
          return a.urem(b);
        if (a.isMinSignedValue() && b.isAllOnes())
          return std::nullopt;
        return a.srem(b);
      });
}

OpFoldResult AndOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult same = foldSameOperands(*this))
    return same;
  return foldConstants(
      adaptor.getOperands(), getType(), nullptr,
      [](APInt a, APInt b) -> std::optional<APInt> { return a & b; });
}

OpFoldResult OrOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult same = foldSameOperands(*this))
    return same;
  return foldConstants(
      adaptor.getOperands(), getType(), nullptr,
      [](APInt a, APInt b) -> std::optional<APInt> { return a | b; });
}

OpFoldResult XorOp::fold(FoldAdaptor adaptor) {
  return foldConstants(
      adaptor.getOperands(), getType(), nullptr,
      [](APInt a, APInt b) -> std::optional<APInt> { return a ^ b; });
}

OpFoldResult ShiftLeftOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult identity = foldRightIdentity(*this, adaptor.getRhs(), 0.0))
    return identity;
  return foldConstants(adaptor.getOperands(), getType(), nullptr,
                       [](APInt a, APInt b) -> std::optional<APInt> {
                         if (b.uge(a.getBitWidth()))
                           return APInt::getZero(a.getBitWidth());
                         return a.shl(b);
                       });
}

OpFoldResult ShiftRightOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult identity = foldRightIdentity(*this, adaptor.getRhs(), 0.0))
    return identity;
  return foldConstants(
      adaptor.getOperands(), getType(), nullptr,
      [isUnsigned = isUnsignedElement(getType())](
          APInt a, APInt b) -> std::optional<APInt> {
        unsigned width = a.getBitWidth();
        if (isUnsigned)
          return b.uge(width) ? APInt::getZero(width) : a.lshr(b);
        return a.ashr(b.uge(width) ? APInt(width, width - 1) : b);
      });
}

//===----------------------------------------------------------------------===//
// Unary
//===----------------------------------------------------------------------===//

OpFoldResult NegOp::fold(FoldAdaptor adaptor) {
  if (auto inner = getOperand().getDefiningOp<NegOp>())
    return inner.getOperand();
  Type element = getType().getElementType();
  if (isa<FloatType>(element))
    return constFoldUnaryOp<FloatAttr, APFloat, void>(
        adaptor.getOperands(), [](APFloat a) { return -a; });
  return constFoldUnaryOp<IntegerAttr, APInt, void>(adaptor.getOperands(),
                                                    [](APInt a) { return -a; });
}

OpFoldResult AbsOp::fold(FoldAdaptor adaptor) {
  if (getOperand().getDefiningOp<AbsOp>() || isUnsignedElement(getType()))
    return getOperand();
  Type element = getType().getElementType();
  if (isa<FloatType>(element))
    return constFoldUnaryOp<FloatAttr, APFloat, void>(
        adaptor.getOperands(), [](APFloat a) { return abs(a); });
  return constFoldUnaryOp<IntegerAttr, APInt, void>(
      adaptor.getOperands(), [](APInt a) { return a.abs(); });
}

OpFoldResult ReluOp::fold(FoldAdaptor adaptor) {
  if (getOperand().getDefiningOp<ReluOp>() || isUnsignedElement(getType()))
    return getOperand();
  Type element = getType().getElementType();
  if (isa<FloatType>(element))
    return constFoldUnaryOp<FloatAttr, APFloat, void>(
        adaptor.getOperands(), [](APFloat a) {
          // NaN stays NaN, -0.0 becomes +0.0 (max(x, 0) with x = -0.0).
          if (a.isNaN() || (!a.isNegative() && !a.isZero()))
            return a;
          return APFloat::getZero(a.getSemantics());
        });
  return constFoldUnaryOp<IntegerAttr, APInt, void>(
      adaptor.getOperands(), [](APInt a) {
        return a.isNegative() ? APInt::getZero(a.getBitWidth()) : a;
      });
}

//===----------------------------------------------------------------------===//
// Compare
//===----------------------------------------------------------------------===//

LogicalResult CompareOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  return inferBroadcastElementwise(
      location, getOperationName(),
      {adaptor.getLhs().getType(), adaptor.getRhs().getType()},
      IntegerType::get(context, 1), inferred);
}

/// `lhs <direction> rhs` for one pair of constant elements.
static bool compareElements(CompareDirection direction, Attribute lhs,
                            Attribute rhs) {
  int order; // -1, 0, 1; 2 when unordered (NaN)
  if (auto l = dyn_cast<FloatAttr>(lhs)) {
    APFloat::cmpResult c =
        l.getValue().compare(cast<FloatAttr>(rhs).getValue());
    order = c == APFloat::cmpLessThan      ? -1
            : c == APFloat::cmpEqual       ? 0
            : c == APFloat::cmpGreaterThan ? 1
                                           : 2;
  } else {
    auto lhsInt = cast<IntegerAttr>(lhs);
    APInt a = lhsInt.getValue(), b = cast<IntegerAttr>(rhs).getValue();
    // i1 orders false < true, as unsigned integers do.
    bool isUnsigned =
        a.getBitWidth() == 1 || lhsInt.getType().isUnsignedInteger();
    bool less = isUnsigned ? a.ult(b) : a.slt(b);
    order = a == b ? 0 : less ? -1 : 1;
  }
  switch (direction) {
  case CompareDirection::eq:
    return order == 0;
  case CompareDirection::ne:
    return order != 0;
  case CompareDirection::lt:
    return order == -1;
  case CompareDirection::le:
    return order == -1 || order == 0;
  case CompareDirection::gt:
    return order == 1;
  case CompareDirection::ge:
    return order == 1 || order == 0;
  }
  llvm_unreachable("unknown direction");
}

OpFoldResult CompareOp::fold(FoldAdaptor adaptor) {
  DenseElementsAttr lhs = getSmallConstant(adaptor.getLhs()),
                    rhs = getSmallConstant(adaptor.getRhs());
  if (lhs && rhs && getType().getNumElements() <= kMaxFoldedElements) {
    lhs = broadcastElements(lhs, getType().clone(lhs.getElementType()));
    rhs = broadcastElements(rhs, getType().clone(rhs.getElementType()));
    SmallVector<bool> values;
    for (auto [l, r] :
         llvm::zip(lhs.getValues<Attribute>(), rhs.getValues<Attribute>()))
      values.push_back(compareElements(getDirection(), l, r));
    return DenseElementsAttr::get(getType(), values);
  }
  // x <op> x is known for integers (floats may be NaN).
  if (getLhs() != getRhs() ||
      !isa<IntegerType>(getLhs().getType().getElementType()))
    return {};
  CompareDirection direction = getDirection();
  bool value = direction == CompareDirection::eq ||
               direction == CompareDirection::le ||
               direction == CompareDirection::ge;
  return DenseElementsAttr::get(getType(), value);
}

//===----------------------------------------------------------------------===//
// Select
//===----------------------------------------------------------------------===//

LogicalResult SelectOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto onTrue = cast<RankedTensorType>(adaptor.getOnTrue().getType());
  auto onFalse = cast<RankedTensorType>(adaptor.getOnFalse().getType());
  if (onTrue.getElementType() != onFalse.getElementType())
    return emitInferError(location, getOperationName(),
                          "on_true and on_false must have one element type, "
                          "got ",
                          onTrue.getElementType(), " and ",
                          onFalse.getElementType());
  // The condition is i1; broadcast its shape with those of the branches.
  auto condition = cast<RankedTensorType>(adaptor.getCondition().getType());
  return inferBroadcastElementwise(
      location, getOperationName(),
      {condition.clone(onTrue.getElementType()), onTrue, onFalse},
      /*resultElementType=*/nullptr, inferred);
}

OpFoldResult SelectOp::fold(FoldAdaptor adaptor) {
  auto pick = [&](Value value) -> OpFoldResult {
    return value.getType() == getType() ? value : OpFoldResult();
  };
  if (getOnTrue() == getOnFalse())
    return pick(getOnTrue());
  if (auto condition =
          dyn_cast_if_present<SplatElementsAttr>(adaptor.getCondition()))
    if (OpFoldResult picked =
            pick(condition.getSplatValue<bool>() ? getOnTrue() : getOnFalse()))
      return picked;
  DenseElementsAttr c = getSmallConstant(adaptor.getCondition()),
                    t = getSmallConstant(adaptor.getOnTrue()),
                    f = getSmallConstant(adaptor.getOnFalse());
  if (!c || !t || !f || getType().getNumElements() > kMaxFoldedElements)
    return {};
  auto type = cast<RankedTensorType>(getType());
  c = broadcastElements(c, type.clone(c.getElementType()));
  t = broadcastElements(t, type);
  f = broadcastElements(f, type);
  SmallVector<Attribute> values;
  for (auto [cond, onTrue, onFalse] :
       llvm::zip(c.getValues<bool>(), t.getValues<Attribute>(),
                 f.getValues<Attribute>()))
    values.push_back(cond ? onTrue : onFalse);
  return DenseElementsAttr::get(type, values);
}

//===----------------------------------------------------------------------===//
// Cast
//===----------------------------------------------------------------------===//

LogicalResult CastOp::verify() {
  auto from = cast<RankedTensorType>(getOperand().getType());
  auto to = cast<RankedTensorType>(getType());
  if (from.getShape() != to.getShape())
    return emitOpError() << "changes the shape from "
                         << formatShape(from.getShape()) << " to "
                         << formatShape(to.getShape())
                         << "; a cast only converts elements";
  return success();
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getOperand().getType() == getType())
    return getOperand();
  if (DenseElementsAttr constant = getSmallConstant(adaptor.getOperand()))
    return castElements(constant, cast<RankedTensorType>(getType()));
  return {};
}
