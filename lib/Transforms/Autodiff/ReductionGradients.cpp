//===- ReductionGradients.cpp - Reductions, softmax and log_softmax -------===//

#include "GradientRules.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::autodiff;

namespace {

template <typename ReduceOpTy>
Value spread(ReduceOpTy op, Value g, KilnBuilder &k) {
  return broadcastReduced(k, g, op.getDims(), op.getKeepDims(),
                          typeOf(op.getOperand()));
}

/// max/min: the adjoint is shared evenly by the elements equal to the
/// extremum (torch's amax/amin rule).
template <typename ReduceOpTy>
Value extremumGradient(ReduceOpTy op, Value g, KilnBuilder &k) {
  Value x = op.getOperand();
  Value y = spread(op, op.getResult(), k);
  Value hit = k.compare(CompareDirection::eq, x, y);
  Value count = k.reduceSum(k.cast(hit, typeOf(x).getElementType()),
                            op.getDims(), /*keepDims=*/true);
  Value share = k.div(spread(op, g, k), count);
  return selectOrZero(k, hit, share);
}

} // namespace

std::optional<Adjoints>
autodiff::reductionGradient(Operation *op, ValueRange results, KilnBuilder &k) {
  Value g = results.front();
  return TypeSwitch<Operation *, std::optional<Adjoints>>(op)
      .Case([&](ReduceSumOp r) { return only(spread(r, g, k)); })
      .Case([&](ReduceMeanOp r) {
        auto shape = typeOf(r.getOperand()).getShape();
        int64_t count = 1;
        for (int64_t d : r.getDims())
          count *= shape[d];
        return only(k.div(spread(r, g, k),
                          k.scalarLike(g, static_cast<double>(count))));
      })
      .Case([&](ReduceMaxOp r) { return only(extremumGradient(r, g, k)); })
      .Case([&](ReduceMinOp r) { return only(extremumGradient(r, g, k)); })
      .Case([&](ReduceProdOp r) {
        // prod / x: exact unless an element is zero (documented limit).
        return only(k.div(k.mul(spread(r, g, k), spread(r, r.getResult(), k)),
                          r.getOperand()));
      })
      .Case([&](SoftmaxOp s) {
        // y * (g - sum(g * y)).
        Value y = s.getResult();
        int64_t dim = static_cast<int64_t>(s.getDim());
        Value dot = k.reduceSum(k.mul(g, y), {dim}, /*keepDims=*/true);
        return only(k.mul(y, k.sub(g, dot)));
      })
      .Case([&](LogSoftmaxOp s) {
        // g - exp(y) * sum(g).
        int64_t dim = static_cast<int64_t>(s.getDim());
        Value total = k.reduceSum(g, {dim}, /*keepDims=*/true);
        return only(k.sub(g, k.mul(k.exp(s.getResult()), total)));
      })
      .Default([](Operation *) { return std::nullopt; });
}
