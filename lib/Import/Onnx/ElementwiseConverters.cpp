//===- ElementwiseConverters.cpp - ONNX elementwise operators -------------===//
//
// Math, comparison, logic, casts and the activation functions. Operators
// with a kiln op of their own map to it; the activations ONNX defines as
// formulas (Elu, Selu, HardSwish, Softplus, ...) are built from kiln
// arithmetic, which fuses into one loop at codegen. Opsets before 7 spell
// broadcasting with `broadcast` and `axis` attributes; those are honoured
// here.
//
//===----------------------------------------------------------------------===//

#include "ConverterUtils.h"
#include "kiln/ShapeInference.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

namespace {

template <typename OpT> LogicalResult convertUnary(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  n.setOutput(0, OpT::create(n.b, *x));
  return success();
}

/// Before opset 7, `broadcast = 1` lets the right operand match the left
/// one from `axis` on (default: its trailing dimensions); without it the
/// shapes must be equal. Returns the right operand shaped for NumPy rules.
FailureOr<Value> legacyBroadcast(NodeContext &n, Value l, Value r) {
  if (n.opset >= 7)
    return r;
  int64_t broadcast = n.intAttr("broadcast", 0);
  int64_t lrank = typeOf(l).getRank(), rrank = typeOf(r).getRank();
  if (!broadcast) {
    if (typeOf(l).getShape() != typeOf(r).getShape()) {
      n.error() << "operands of shapes " << typeOf(l) << " and " << typeOf(r)
                << " differ and broadcast is 0";
      return failure();
    }
    return r;
  }
  int64_t axis = n.intAttr("axis", lrank - rrank);
  if (axis < 0)
    axis += lrank;
  if (axis < 0 || axis + rrank > lrank) {
    n.error() << "broadcast axis " << n.intAttr("axis", 0)
              << " does not fit a right operand of rank " << rrank;
    return failure();
  }
  SmallVector<int64_t> shape(lrank, 1);
  llvm::copy(typeOf(r).getShape(), shape.begin() + axis);
  KilnBuilder k(n.b);
  return k.reshape(r, shape);
}

/// Fails at the node unless `values` broadcast together (NumPy rules): an
/// inconsistent model is a diagnostic, not an op that cannot be built.
LogicalResult checkBroadcast(NodeContext &n, ArrayRef<Value> values) {
  SmallVector<ArrayRef<int64_t>> shapes;
  for (Value value : values)
    shapes.push_back(cast<ShapedType>(value.getType()).getShape());
  if (broadcastShapes(shapes))
    return success();
  InFlightDiagnostic diagnostic = n.error();
  diagnostic << "operand shapes do not broadcast:";
  for (ArrayRef<int64_t> shape : shapes) {
    diagnostic << " [";
    llvm::interleaveComma(shape, diagnostic);
    diagnostic << "]";
  }
  return diagnostic;
}

/// Both operands, legacy broadcasting applied and element types checked.
FailureOr<std::pair<Value, Value>> binaryOperands(NodeContext &n) {
  FailureOr<Value> l = n.requiredInput(0), r = n.requiredInput(1);
  if (failed(l) || failed(r))
    return failure();
  if (getElementTypeOrSelf(l->getType()) !=
      getElementTypeOrSelf(r->getType())) {
    n.error() << "operands have different element types";
    return failure();
  }
  FailureOr<Value> shaped = legacyBroadcast(n, *l, *r);
  if (failed(shaped) || failed(checkBroadcast(n, {*l, *shaped})))
    return failure();
  return std::make_pair(*l, *shaped);
}

template <typename OpT> LogicalResult convertBinary(NodeContext &n) {
  auto operands = binaryOperands(n);
  if (failed(operands))
    return failure();
  n.setOutput(0, OpT::create(n.b, operands->first, operands->second));
  return success();
}

/// Max, Min, Sum, Mean: variadic, with broadcasting; folded left to right.
template <typename OpT> LogicalResult convertVariadic(NodeContext &n) {
  FailureOr<Value> result = n.requiredInput(0);
  if (failed(result))
    return failure();
  for (int i = 1; i < n.node.input_size(); ++i) {
    FailureOr<Value> next = n.requiredInput(i);
    if (failed(next))
      return failure();
    if (getElementTypeOrSelf(next->getType()) !=
        getElementTypeOrSelf(result->getType()))
      return n.error() << "operands have different element types";
    if (failed(checkBroadcast(n, {*result, *next})))
      return failure();
    result = OpT::create(n.b, *result, *next).getResult();
  }
  n.setOutput(0, *result);
  return success();
}

LogicalResult convertCompare(NodeContext &n, CompareDirection direction) {
  auto operands = binaryOperands(n);
  if (failed(operands))
    return failure();
  KilnBuilder k(n.b);
  n.setOutput(0, k.compare(direction, operands->first, operands->second));
  return success();
}

/// Pow: the exponent may have another element type (opset 12+); integer
/// powers are computed in f64 and converted back.
LogicalResult convertPow(NodeContext &n) {
  FailureOr<Value> base = n.requiredInput(0), exponent = n.requiredInput(1);
  if (failed(base) || failed(exponent))
    return failure();
  FailureOr<Value> shaped = legacyBroadcast(n, *base, *exponent);
  if (failed(shaped) || failed(checkBroadcast(n, {*base, *shaped})))
    return failure();
  KilnBuilder k(n.b);
  Type type = getElementTypeOrSelf(base->getType());
  Type computeType = isa<FloatType>(type) ? type : n.b.getF64Type();
  Value result =
      k.pow(k.cast(*base, computeType), k.cast(*shaped, computeType));
  n.setOutput(0, k.cast(result, type));
  return success();
}

/// Mod: with fmod = 1 the remainder takes the dividend's sign (C's fmod);
/// otherwise the divisor's (Python's %): the truncated remainder, plus the
/// divisor when the two signs differ and it is not zero.
LogicalResult convertMod(NodeContext &n) {
  auto operands = binaryOperands(n);
  if (failed(operands))
    return failure();
  auto [a, b] = *operands;
  KilnBuilder k(n.b);
  Value rem = RemOp::create(n.b, a, b);
  // Unsigned remainders have the divisor's sign already.
  if (n.intAttr("fmod", 0) ||
      getElementTypeOrSelf(a.getType()).isUnsignedInteger()) {
    n.setOutput(0, rem);
    return success();
  }
  if (isa<FloatType>(getElementTypeOrSelf(a.getType())))
    return n.error() << "fmod 0 on floating-point operands is invalid";
  Value zero = k.scalarLike(rem, 0);
  Value nonzero = k.compare(CompareDirection::ne, rem, zero);
  Value signsDiffer =
      XorOp::create(n.b, k.compare(CompareDirection::lt, rem, zero),
                    k.compare(CompareDirection::lt, b, zero));
  Value adjust = AndOp::create(n.b, nonzero, signsDiffer);
  n.setOutput(0, k.select(adjust, k.add(rem, b), rem));
  return success();
}

/// BitShift: direction LEFT or RIGHT, on unsigned integers (logical).
LogicalResult convertBitShift(NodeContext &n) {
  auto operands = binaryOperands(n);
  if (failed(operands))
    return failure();
  auto [x, amount] = *operands;
  std::string direction = n.stringAttr("direction", "");
  if (direction == "LEFT")
    n.setOutput(0, ShiftLeftOp::create(n.b, x, amount));
  else if (direction == "RIGHT")
    n.setOutput(0, ShiftRightOp::create(n.b, x, amount));
  else
    return n.error() << "direction '" << direction
                     << "' is neither LEFT nor RIGHT";
  return success();
}

LogicalResult convertWhere(NodeContext &n) {
  FailureOr<SmallVector<Value>> in = requiredInputs(n, 3);
  if (failed(in) || failed(checkBroadcast(n, *in)))
    return failure();
  KilnBuilder k(n.b);
  n.setOutput(0, k.select((*in)[0], (*in)[1], (*in)[2]));
  return success();
}

LogicalResult convertCast(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  // `saturate` (opset 19) only concerns float8 targets, which are rejected.
  n.ignoreAttributes({"saturate"});
  Type to = convertElementType(n.intAttr("to", 0), n.b.getContext());
  if (!to)
    return n.error() << "cast to data type " << n.intAttr("to", 0)
                     << " is not supported";
  KilnBuilder k(n.b);
  n.setOutput(0, k.cast(*x, to));
  return success();
}

LogicalResult convertCastLike(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0), like = n.requiredInput(1);
  if (failed(x) || failed(like))
    return failure();
  n.ignoreAttributes({"saturate"});
  KilnBuilder k(n.b);
  n.setOutput(0, k.cast(*x, getElementTypeOrSelf(like->getType())));
  return success();
}

LogicalResult convertReciprocal(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  KilnBuilder k(n.b);
  n.setOutput(0, k.div(k.scalarLike(*x, 1.0), *x));
  return success();
}

/// Clip(x, min, max): bounds are inputs from opset 11, attributes before.
LogicalResult convertClip(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  KilnBuilder k(n.b);
  Value y = *x;
  if (n.opset < 11) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    double lo = n.floatAttr("min", -inf), hi = n.floatAttr("max", inf);
    if (lo != -inf)
      y = MaxOp::create(n.b, y, k.scalarLike(y, lo));
    if (hi != inf)
      y = MinOp::create(n.b, y, k.scalarLike(y, hi));
    n.setOutput(0, y);
    return success();
  }
  if (n.input(1))
    y = MaxOp::create(n.b, y, *n.requiredInput(1));
  if (n.input(2))
    y = MinOp::create(n.b, y, *n.requiredInput(2));
  n.setOutput(0, y);
  return success();
}

LogicalResult convertIsNaN(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  KilnBuilder k(n.b);
  // Only NaN is unequal to itself.
  n.setOutput(0, k.compare(CompareDirection::ne, *x, *x));
  return success();
}

LogicalResult convertIsInf(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  KilnBuilder k(n.b);
  constexpr double inf = std::numeric_limits<double>::infinity();
  bool positive = n.intAttr("detect_positive", 1),
       negative = n.intAttr("detect_negative", 1);
  Value isPositive = k.compare(CompareDirection::eq, *x, k.scalarLike(*x, inf));
  Value isNegative =
      k.compare(CompareDirection::eq, *x, k.scalarLike(*x, -inf));
  Value result;
  if (positive && negative)
    result = OrOp::create(n.b, isPositive, isNegative);
  else if (positive)
    result = isPositive;
  else if (negative)
    result = isNegative;
  else
    result = k.splat(typeOf(*x).clone(n.b.getI1Type()), 0);
  n.setOutput(0, result);
  return success();
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

/// An activation given by a formula of x and the node's attributes.
using Formula = Value (*)(NodeContext &, KilnBuilder &, Value);

template <Formula formula> LogicalResult convertFormula(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  if (!isa<FloatType>(getElementTypeOrSelf(x->getType())))
    return n.error() << "needs a floating-point input";
  KilnBuilder k(n.b);
  n.setOutput(0, formula(n, k, *x));
  return success();
}

Value isNegative(KilnBuilder &k, Value x) {
  return k.compare(CompareDirection::lt, x, k.scalarLike(x, 0));
}

/// x < 0 ? alpha (e^x - 1) : x
Value elu(KilnBuilder &k, Value x, double alpha) {
  Value expm1 = k.sub(k.exp(x), k.scalarLike(x, 1));
  return k.select(isNegative(k, x), k.mul(k.scalarLike(x, alpha), expm1), x);
}

Value eluFormula(NodeContext &n, KilnBuilder &k, Value x) {
  return elu(k, x, n.floatAttr("alpha", 1.0));
}

Value seluFormula(NodeContext &n, KilnBuilder &k, Value x) {
  double alpha = n.floatAttr("alpha", 1.67326319217681884765625);
  double gamma = n.floatAttr("gamma", 1.05070102214813232421875);
  return k.mul(k.scalarLike(x, gamma), elu(k, x, alpha));
}

/// max(0, x) + min(0, alpha (e^(x / alpha) - 1))
Value celuFormula(NodeContext &n, KilnBuilder &k, Value x) {
  double alpha = n.floatAttr("alpha", 1.0);
  Value zero = k.scalarLike(x, 0), one = k.scalarLike(x, 1);
  Value scaled = k.div(x, k.scalarLike(x, alpha));
  Value negative =
      MinOp::create(k.builder(), zero,
                    k.mul(k.scalarLike(x, alpha), k.sub(k.exp(scaled), one)));
  return k.add(MaxOp::create(k.builder(), zero, x), negative);
}

Value leakyReluFormula(NodeContext &n, KilnBuilder &k, Value x) {
  return k.select(isNegative(k, x),
                  k.mul(k.scalarLike(x, n.floatAttr("alpha", 0.01)), x), x);
}

Value thresholdedReluFormula(NodeContext &n, KilnBuilder &k, Value x) {
  Value above = k.compare(CompareDirection::gt, x,
                          k.scalarLike(x, n.floatAttr("alpha", 1.0)));
  return k.select(above, x, k.scalarLike(x, 0));
}

/// max(0, min(1, alpha x + beta))
Value hardSigmoid(KilnBuilder &k, Value x, double alpha, double beta) {
  Value linear = k.add(k.mul(k.scalarLike(x, alpha), x), k.scalarLike(x, beta));
  return MaxOp::create(k.builder(), k.scalarLike(x, 0),
                       MinOp::create(k.builder(), k.scalarLike(x, 1), linear));
}

Value hardSigmoidFormula(NodeContext &n, KilnBuilder &k, Value x) {
  return hardSigmoid(k, x, n.floatAttr("alpha", 0.2), n.floatAttr("beta", 0.5));
}

Value hardSwishFormula(NodeContext &, KilnBuilder &k, Value x) {
  return k.mul(x, hardSigmoid(k, x, 1.0 / 6.0, 0.5));
}

/// ln(1 + e^x) as max(x, 0) + ln(1 + e^-|x|), which neither overflows for
/// large x nor loses small values.
Value softplus(KilnBuilder &k, Value x) {
  Value negAbs = k.neg(AbsOp::create(k.builder(), x));
  return k.add(MaxOp::create(k.builder(), x, k.scalarLike(x, 0)),
               k.log(k.add(k.scalarLike(x, 1), k.exp(negAbs))));
}

Value softplusFormula(NodeContext &, KilnBuilder &k, Value x) {
  return softplus(k, x);
}

Value softsignFormula(NodeContext &, KilnBuilder &k, Value x) {
  return k.div(x, k.add(k.scalarLike(x, 1), AbsOp::create(k.builder(), x)));
}

Value mishFormula(NodeContext &, KilnBuilder &k, Value x) {
  return k.mul(x, TanhOp::create(k.builder(), softplus(k, x)));
}

/// x < -lambd ? x + bias : x > lambd ? x - bias : 0
Value shrinkFormula(NodeContext &n, KilnBuilder &k, Value x) {
  double lambd = n.floatAttr("lambd", 0.5), bias = n.floatAttr("bias", 0.0);
  Value below = k.compare(CompareDirection::lt, x, k.scalarLike(x, -lambd));
  Value above = k.compare(CompareDirection::gt, x, k.scalarLike(x, lambd));
  return k.select(
      below, k.add(x, k.scalarLike(x, bias)),
      k.select(above, k.sub(x, k.scalarLike(x, bias)), k.scalarLike(x, 0)));
}

LogicalResult convertGelu(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0);
  if (failed(x))
    return failure();
  std::string approximate = n.stringAttr("approximate", "none");
  if (approximate != "none" && approximate != "tanh")
    return n.error() << "approximate '" << approximate
                     << "' is not one of none, tanh";
  n.setOutput(0,
              GeluOp::create(n.b, *x,
                             approximate == "tanh" ? GeluApproximation::tanh
                                                   : GeluApproximation::none));
  return success();
}

/// PRelu: x < 0 ? slope x : x, the slope broadcast to x. Before opset 7 a
/// one-dimensional slope is per channel (dimension 1).
LogicalResult convertPRelu(NodeContext &n) {
  FailureOr<Value> x = n.requiredInput(0), slope = n.requiredInput(1);
  if (failed(x) || failed(slope))
    return failure();
  KilnBuilder k(n.b);
  Value s = *slope;
  int64_t rank = typeOf(*x).getRank();
  if (n.opset < 7 && typeOf(s).getRank() == 1 && rank >= 2 &&
      typeOf(s).getDimSize(0) == typeOf(*x).getDimSize(1) &&
      typeOf(s).getDimSize(0) != 1) {
    SmallVector<int64_t> shape(rank - 1, 1);
    shape[0] = typeOf(s).getDimSize(0);
    s = k.reshape(s, shape);
  }
  n.setOutput(0, k.select(isNegative(k, *x), k.mul(s, *x), *x));
  return success();
}

LogicalResult convertMeanOf(NodeContext &n) {
  FailureOr<Value> sum = n.requiredInput(0);
  if (failed(sum))
    return failure();
  Value result = *sum;
  for (int i = 1; i < n.node.input_size(); ++i) {
    FailureOr<Value> next = n.requiredInput(i);
    if (failed(next))
      return failure();
    if (getElementTypeOrSelf(next->getType()) !=
        getElementTypeOrSelf(result.getType()))
      return n.error() << "operands have different element types";
    result = AddOp::create(n.b, result, *next);
  }
  KilnBuilder k(n.b);
  n.setOutput(0, k.div(result, k.scalarLike(result, n.node.input_size())));
  return success();
}

} // namespace

void mlir::kiln::onnx_import::addElementwiseConverters(ConverterMap &map) {
  const std::pair<const char *, Converter> entries[] = {
      {"Abs", convertUnary<AbsOp>},
      {"Neg", convertUnary<NegOp>},
      {"Exp", convertUnary<ExpOp>},
      {"Log", convertUnary<LogOp>},
      {"Sqrt", convertUnary<SqrtOp>},
      {"Tanh", convertUnary<TanhOp>},
      {"Sigmoid", convertUnary<SigmoidOp>},
      {"Relu", convertUnary<ReluOp>},
      {"Erf", convertUnary<ErfOp>},
      {"Floor", convertUnary<FloorOp>},
      {"Ceil", convertUnary<CeilOp>},
      {"Round", convertUnary<RoundOp>},
      {"Sign", convertUnary<SignOp>},
      {"Sin", convertUnary<SinOp>},
      {"Cos", convertUnary<CosOp>},
      {"Tan", convertUnary<TanOp>},
      {"Asin", convertUnary<AsinOp>},
      {"Acos", convertUnary<AcosOp>},
      {"Atan", convertUnary<AtanOp>},
      {"Sinh", convertUnary<SinhOp>},
      {"Cosh", convertUnary<CoshOp>},
      {"Asinh", convertUnary<AsinhOp>},
      {"Acosh", convertUnary<AcoshOp>},
      {"Atanh", convertUnary<AtanhOp>},
      {"Not", convertUnary<NotOp>},
      {"BitwiseNot", convertUnary<NotOp>},
      {"Add", convertBinary<AddOp>},
      {"Sub", convertBinary<SubOp>},
      {"Mul", convertBinary<MulOp>},
      {"Div", convertBinary<DivOp>},
      {"And", convertBinary<AndOp>},
      {"Or", convertBinary<OrOp>},
      {"Xor", convertBinary<XorOp>},
      {"BitwiseAnd", convertBinary<AndOp>},
      {"BitwiseOr", convertBinary<OrOp>},
      {"BitwiseXor", convertBinary<XorOp>},
      {"Pow", convertPow},
      {"Mod", convertMod},
      {"BitShift", convertBitShift},
      {"Max", convertVariadic<MaxOp>},
      {"Min", convertVariadic<MinOp>},
      {"Sum", convertVariadic<AddOp>},
      {"Mean", convertMeanOf},
      {"Equal",
       [](NodeContext &n) { return convertCompare(n, CompareDirection::eq); }},
      {"Greater",
       [](NodeContext &n) { return convertCompare(n, CompareDirection::gt); }},
      {"GreaterOrEqual",
       [](NodeContext &n) { return convertCompare(n, CompareDirection::ge); }},
      {"Less",
       [](NodeContext &n) { return convertCompare(n, CompareDirection::lt); }},
      {"LessOrEqual",
       [](NodeContext &n) { return convertCompare(n, CompareDirection::le); }},
      {"Where", convertWhere},
      {"Cast", convertCast},
      {"CastLike", convertCastLike},
      {"Reciprocal", convertReciprocal},
      {"Clip", convertClip},
      {"IsNaN", convertIsNaN},
      {"IsInf", convertIsInf},
      {"Elu", convertFormula<eluFormula>},
      {"Selu", convertFormula<seluFormula>},
      {"Celu", convertFormula<celuFormula>},
      {"LeakyRelu", convertFormula<leakyReluFormula>},
      {"ThresholdedRelu", convertFormula<thresholdedReluFormula>},
      {"HardSigmoid", convertFormula<hardSigmoidFormula>},
      {"HardSwish", convertFormula<hardSwishFormula>},
      {"Softplus", convertFormula<softplusFormula>},
      {"Softsign", convertFormula<softsignFormula>},
      {"Mish", convertFormula<mishFormula>},
      {"Shrink", convertFormula<shrinkFormula>},
      {"Gelu", convertGelu},
      {"PRelu", convertPRelu},
  };
  for (const auto &[name, converter] : entries)
    map[name] = converter;
}
