//===- ElementwiseGradients.cpp - Unary, binary, select and cast rules ----===//
//
// The derivatives follow PyTorch's autograd formulas (and its choices at
// points where a derivative does not exist: relu'(0) = 0, |x|'(0) = 0, and
// max/min split the gradient evenly between tied operands), so gradients
// match torch's bit for bit in structure and closely in value.
//
//===----------------------------------------------------------------------===//

#include "GradientRules.h"

#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::autodiff;

namespace {

Value unaryGradient(Operation *op, Value g, KilnBuilder &k) {
  Value x = op->getOperand(0), y = op->getResult(0);
  auto c = [&](double value) { return k.scalarLike(x, value); };
  return TypeSwitch<Operation *, Value>(op)
      .Case([&](NegOp) { return k.neg(g); })
      .Case([&](AbsOp) {
        // g * sign(x), with sign(0) = 0.
        Value zero = c(0.0);
        return k.select(k.compare(CompareDirection::gt, x, zero), g,
                        selectOrZero(k,
                                     k.compare(CompareDirection::lt, x, zero),
                                     k.neg(g)));
      })
      .Case([&](ExpOp) { return k.mul(g, y); })
      .Case([&](LogOp) { return k.div(g, x); })
      .Case([&](SqrtOp) { return k.div(g, k.mul(c(2.0), y)); })
      .Case([&](RsqrtOp) {
        return k.mul(k.mul(c(-0.5), g), k.mul(y, k.mul(y, y)));
      })
      .Case([&](TanhOp) { return k.mul(g, k.sub(c(1.0), k.mul(y, y))); })
      .Case([&](SigmoidOp) { return k.mul(k.mul(g, k.sub(c(1.0), y)), y); })
      .Case([&](ReluOp) {
        return selectOrZero(k, k.compare(CompareDirection::gt, y, c(0.0)), g);
      })
      .Case([&](SiluOp) {
        // s * (1 + x * (1 - s)) with s = sigmoid(x).
        Value s = SigmoidOp::create(k.builder(), x);
        return k.mul(g, k.mul(s, k.add(c(1.0), k.mul(x, k.sub(c(1.0), s)))));
      })
      .Case([&](ErfOp) {
        // 2 / sqrt(pi) * exp(-x^2).
        return k.mul(
            g, k.mul(c(2.0 / std::sqrt(M_PI)), k.exp(k.neg(k.mul(x, x)))));
      })
      .Case([&](GeluOp gelu) -> Value {
        if (gelu.getApproximation() == GeluApproximation::none) {
          // Phi(x) + x * phi(x).
          Value cdf =
              k.mul(c(0.5),
                    k.add(c(1.0),
                          ErfOp::create(k.builder(), k.mul(x, c(M_SQRT1_2)))));
          Value pdf = k.mul(c(1.0 / std::sqrt(2.0 * M_PI)),
                            k.exp(k.mul(c(-0.5), k.mul(x, x))));
          return k.mul(g, k.add(cdf, k.mul(x, pdf)));
        }
        // d/dx 0.5 x (1 + tanh(b (x + kappa x^3))), as torch writes it.
        double beta = std::sqrt(2.0 / M_PI), kappa = 0.044715;
        Value x2 = k.mul(x, x);
        Value inner = k.mul(c(beta), k.add(x, k.mul(c(kappa), k.mul(x2, x))));
        Value t = TanhOp::create(k.builder(), inner);
        Value left = k.mul(c(0.5), k.add(c(1.0), t));
        Value right =
            k.mul(k.mul(k.mul(c(0.5), x), k.sub(c(1.0), k.mul(t, t))),
                  k.mul(c(beta), k.add(c(1.0), k.mul(c(3.0 * kappa), x2))));
        return k.mul(g, k.add(left, right));
      })
      .Default([](Operation *) { return Value(); });
}

/// The adjoints of lhs and rhs before reducing broadcast dimensions.
std::pair<Value, Value> binaryGradient(Operation *op, Value g, KilnBuilder &k) {
  Value l = op->getOperand(0), r = op->getOperand(1), y = op->getResult(0);
  auto zero = [&] { return k.scalarLike(l, 0.0); };
  using Pair = std::pair<Value, Value>;
  // max/min: the winner takes g, a tie gives each half (as torch).
  auto extremum = [&](CompareDirection wins) -> Pair {
    Value half = k.mul(g, k.scalarLike(l, 0.5));
    Value tie = k.compare(CompareDirection::eq, l, r);
    Value lWins = k.compare(wins, l, r);
    Value rWins = k.compare(wins, r, l);
    return {k.select(lWins, g, selectOrZero(k, tie, half)),
            k.select(rWins, g, selectOrZero(k, tie, half))};
  };
  return TypeSwitch<Operation *, Pair>(op)
      .Case([&](AddOp) { return Pair{g, g}; })
      .Case([&](SubOp) { return Pair{g, k.neg(g)}; })
      .Case([&](MulOp) { return Pair{k.mul(g, r), k.mul(g, l)}; })
      .Case([&](DivOp) {
        return Pair{k.div(g, r), k.div(k.mul(k.neg(g), l), k.mul(r, r))};
      })
      .Case([&](MaxOp) { return extremum(CompareDirection::gt); })
      .Case([&](MinOp) { return extremum(CompareDirection::lt); })
      .Case([&](PowOp) {
        // d/dl = r * l^(r-1), zero where r == 0; d/dr = y * log(l), zero
        // where l == 0 and r >= 0 (torch's conventions at the poles).
        Value one = k.scalarLike(l, 1.0);
        Value dl = k.mul(g, k.mul(r, k.pow(l, k.sub(r, one))));
        dl = k.select(k.compare(CompareDirection::eq, r, zero()), zero(), dl);
        Value dr = k.mul(g, k.mul(y, k.log(l)));
        Value atZero = k.compare(CompareDirection::eq, l, zero());
        Value nonNegative = k.compare(CompareDirection::ge, r, zero());
        dr = k.select(atZero, k.select(nonNegative, zero(), dr), dr);
        return Pair{dl, dr};
      })
      .Default([](Operation *) { return Pair{}; });
}

} // namespace

std::optional<Adjoints> autodiff::elementwiseGradient(Operation *op,
                                                      ValueRange results,
                                                      KilnBuilder &k) {
  Value g = results.front();
  if (op->getNumOperands() == 1 && op->getNumResults() == 1 &&
      !isa<CastOp>(op)) {
    if (Value dx = unaryGradient(op, g, k))
      return Adjoints{dx};
    return std::nullopt;
  }
  if (auto cast = dyn_cast<CastOp>(op)) {
    // Float to float converts the adjoint back; anything through an
    // integer has no gradient.
    Type from = getElementTypeOrSelf(cast.getOperand().getType());
    if (!isa<FloatType>(from) ||
        !isa<FloatType>(getElementTypeOrSelf(cast.getType())))
      return Adjoints{Value()};
    return Adjoints{k.cast(g, from)};
  }
  if (auto select = dyn_cast<SelectOp>(op)) {
    Value cond = select.getCondition();
    Value onTrue = selectOrZero(k, cond, g);
    Value onFalse = k.select(cond, k.scalarLike(g, 0.0), g);
    return Adjoints{Value(),
                    reduceToShape(k, onTrue, typeOf(select.getOnTrue())),
                    reduceToShape(k, onFalse, typeOf(select.getOnFalse()))};
  }
  auto [dl, dr] = binaryGradient(op, g, k);
  if (!dl)
    return std::nullopt;
  return Adjoints{reduceToShape(k, dl, typeOf(op->getOperand(0))),
                  reduceToShape(k, dr, typeOf(op->getOperand(1)))};
}
