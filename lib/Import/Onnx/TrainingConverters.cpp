//===- TrainingConverters.cpp - ONNX's optimizer operators ----------------===//
//
// Adagrad, Momentum (with Nesterov's variant) and Adam of the
// ai.onnx.preview.training domain: one update step of n tensors at once,
// inputs R (learning rate), T (update count), then the n parameters, their
// n gradients and the optimizer's n-tensor states. Each is elementwise
// arithmetic following the operator's formula; T > 0 and powers of T are
// run-time values.
//
//===----------------------------------------------------------------------===//

#include "ConverterUtils.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

namespace {

/// The R, T and groups of n inputs of an optimizer node with `groups`
/// tensors per parameter (X, G and the states).
struct OptimizerInputs {
  Value rate, count;
  SmallVector<SmallVector<Value>> groups; // groups[g][i]
  int64_t size = 0;
};

FailureOr<OptimizerInputs> readOptimizerInputs(NodeContext &n, int groups) {
  int64_t tensors = n.node.input_size() - 2;
  if (tensors <= 0 || tensors % groups != 0) {
    n.error() << "expects R, T and " << groups
              << " groups of equally many tensors";
    return failure();
  }
  FailureOr<SmallVector<Value>> in = requiredInputs(n, n.node.input_size());
  if (failed(in))
    return failure();
  OptimizerInputs result;
  result.rate = (*in)[0];
  result.count = (*in)[1];
  result.size = tensors / groups;
  if (typeOf(result.rate).getNumElements() != 1 ||
      typeOf(result.count).getNumElements() != 1) {
    n.error() << "R and T must be scalars";
    return failure();
  }
  for (int g = 0; g < groups; ++g)
    result.groups.emplace_back((*in).begin() + 2 + g * result.size,
                               (*in).begin() + 2 + (g + 1) * result.size);
  for (int64_t i = 0; i < result.size; ++i) {
    Value x = result.groups[0][i];
    if (!isa<FloatType>(typeOf(x).getElementType())) {
      n.error() << "parameters must be floating-point tensors";
      return failure();
    }
    for (int g = 1; g < groups; ++g)
      if (result.groups[g][i].getType() != x.getType()) {
        n.error() << "parameter " << i << " and its gradient and states "
                  << "must have one type";
        return failure();
      }
  }
  return result;
}

/// A scalar input as a 0-d tensor of `like`'s element type.
Value scalarAs(KilnBuilder &k, Value scalar, Value like) {
  return k.reshape(k.cast(scalar, typeOf(like).getElementType()), {});
}

/// T > 0, as a 0-d i1 tensor.
Value countPositive(KilnBuilder &k, Value count) {
  Value t = k.reshape(count, {});
  return k.compare(CompareDirection::gt, t, k.scalarLike(t, 0));
}

LogicalResult convertAdagrad(NodeContext &n) {
  FailureOr<OptimizerInputs> in = readOptimizerInputs(n, 3);
  if (failed(in))
    return failure();
  double decay = n.floatAttr("decay_factor", 0.0);
  double epsilon = n.floatAttr("epsilon", 1e-6);
  double norm = n.floatAttr("norm_coefficient", 0.0);
  KilnBuilder k(n.b);
  for (int64_t i = 0; i < in->size; ++i) {
    Value x = in->groups[0][i], g = in->groups[1][i], h = in->groups[2][i];
    auto c = [&](double v) { return k.scalarLike(x, v); };
    // r = R / (1 + T * decay_factor)
    Value r = k.div(scalarAs(k, in->rate, x),
                    k.add(c(1), k.mul(scalarAs(k, in->count, x), c(decay))));
    Value regularized = k.add(k.mul(c(norm), x), g);
    Value hNew = k.add(h, k.mul(regularized, regularized));
    Value adaptive = k.add(k.sqrt(hNew), c(epsilon));
    n.setOutput(i, k.sub(x, k.div(k.mul(r, regularized), adaptive)));
    n.setOutput(in->size + i, hNew);
  }
  return success();
}

LogicalResult convertMomentum(NodeContext &n) {
  FailureOr<OptimizerInputs> in = readOptimizerInputs(n, 3);
  if (failed(in))
    return failure();
  double alpha = n.floatAttr("alpha", 0.0), beta = n.floatAttr("beta", 0.0);
  double norm = n.floatAttr("norm_coefficient", 0.0);
  std::string mode = n.stringAttr("mode", "standard");
  if (mode != "standard" && mode != "nesterov")
    return n.error() << "mode '" << mode
                     << "' is neither standard nor nesterov";
  KilnBuilder k(n.b);
  Value positive = countPositive(k, in->count);
  for (int64_t i = 0; i < in->size; ++i) {
    Value x = in->groups[0][i], g = in->groups[1][i], v = in->groups[2][i];
    auto c = [&](double value) { return k.scalarLike(x, value); };
    Value regularized = k.add(k.mul(c(norm), x), g);
    // The first step (T = 0) takes the whole gradient.
    Value betaAdjusted = k.select(positive, c(beta), c(1));
    Value vNew = k.add(k.mul(c(alpha), v), k.mul(betaAdjusted, regularized));
    Value step =
        mode == "standard" ? vNew : k.add(regularized, k.mul(c(alpha), vNew));
    n.setOutput(i, k.sub(x, k.mul(scalarAs(k, in->rate, x), step)));
    n.setOutput(in->size + i, vNew);
  }
  return success();
}

LogicalResult convertAdam(NodeContext &n) {
  FailureOr<OptimizerInputs> in = readOptimizerInputs(n, 4);
  if (failed(in))
    return failure();
  double alpha = n.floatAttr("alpha", 0.9), beta = n.floatAttr("beta", 0.999);
  double epsilon = n.floatAttr("epsilon", 1e-6);
  double norm = n.floatAttr("norm_coefficient", 0.0);
  double normPost = n.floatAttr("norm_coefficient_post", 0.0);
  KilnBuilder k(n.b);
  Value positive = countPositive(k, in->count);
  for (int64_t i = 0; i < in->size; ++i) {
    Value x = in->groups[0][i], g = in->groups[1][i];
    Value v = in->groups[2][i], h = in->groups[3][i];
    auto c = [&](double value) { return k.scalarLike(x, value); };
    Value regularized = k.add(k.mul(c(norm), x), g);
    Value vNew = k.add(k.mul(c(alpha), v), k.mul(c(1 - alpha), regularized));
    Value hNew = k.add(k.mul(c(beta), h),
                       k.mul(c(1 - beta), k.mul(regularized, regularized)));
    Value hSqrt = k.add(k.sqrt(hNew), c(epsilon));
    // Bias correction from the second step on:
    // R * sqrt(1 - beta^T) / (1 - alpha^T).
    Value rate = scalarAs(k, in->rate, x), t = scalarAs(k, in->count, x);
    Value corrected = k.div(k.mul(rate, k.sqrt(k.sub(c(1), k.pow(c(beta), t)))),
                            k.sub(c(1), k.pow(c(alpha), t)));
    Value adjusted = k.select(positive, corrected, rate);
    Value xNew = k.sub(x, k.mul(adjusted, k.div(vNew, hSqrt)));
    n.setOutput(i, k.mul(c(1 - normPost), xNew));
    n.setOutput(in->size + i, vNew);
    n.setOutput(2 * in->size + i, hNew);
  }
  return success();
}

} // namespace

const ConverterMap &mlir::kiln::onnx_import::getTrainingConverters() {
  static const ConverterMap converters = {
      {"Adagrad", convertAdagrad},
      {"Momentum", convertMomentum},
      {"Adam", convertAdam},
  };
  return converters;
}
