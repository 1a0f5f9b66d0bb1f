//===- DecomposeTraining.cpp - losses and optimizer updates ---------------===//
//
// The losses and optimizer steps as primitive kiln arithmetic, in the order
// of floating-point operations torch.nn / torch.optim use, so that compiled
// training steps track PyTorch's closely.
//
//===----------------------------------------------------------------------===//

#include "DecomposePattern.h"
#include "kiln/Transforms/Decompose.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// Applies a loss reduction to per-element losses.
Value reduceLoss(KilnBuilder &k, Value losses, LossReduction reduction) {
  switch (reduction) {
  case LossReduction::mean:
    return k.meanAll(losses);
  case LossReduction::sum:
    return k.sumAll(losses);
  case LossReduction::none:
    return losses;
  }
  llvm_unreachable("unknown loss reduction");
}

/// -log_softmax(logits)[..., label]: the label's entry is picked with a
/// one-hot comparison against an iota over the class dimension, which
/// fuses into the reduction instead of needing a gather.
struct DecomposeCrossEntropy : DecomposePattern<CrossEntropyOp> {
  using DecomposePattern::DecomposePattern;
  SmallVector<Value> decompose(CrossEntropyOp op, KilnBuilder &k) const final {
    Value logits = op.getLogits(), labels = op.getLabels();
    auto logitsType = cast<RankedTensorType>(logits.getType());
    int64_t classDim = logitsType.getRank() - 1;
    auto labelsType = cast<RankedTensorType>(labels.getType());
    SmallVector<int64_t> labelShape(labelsType.getShape());
    labelShape.push_back(1);
    Value classes =
        k.iota(logitsType.getShape(), labelsType.getElementType(), classDim);
    Value oneHot =
        k.compare(CompareDirection::eq, classes, k.reshape(labels, labelShape));
    Value logProbs = k.logSoftmax(logits, classDim);
    Value picked = k.select(oneHot, logProbs, k.scalarLike(logits, 0.0));
    Value losses = k.neg(k.reduceSum(picked, {classDim}, false));
    return {reduceLoss(k, losses, op.getReduction())};
  }
};

struct DecomposeMse : DecomposePattern<MseOp> {
  using DecomposePattern::DecomposePattern;
  SmallVector<Value> decompose(MseOp op, KilnBuilder &k) const final {
    Value diff = k.sub(op.getPrediction(), op.getTarget());
    return {reduceLoss(k, k.mul(diff, diff), op.getReduction())};
  }
};

/// torch.optim.SGD (dampening 0); weight decay is skipped when zero, as
/// torch does, which also keeps -0.0 and infinities in `param` unchanged.
struct DecomposeSgd : DecomposePattern<SgdOp> {
  using DecomposePattern::DecomposePattern;
  SmallVector<Value> decompose(SgdOp op, KilnBuilder &k) const final {
    Value param = op.getParam(), grad = op.getGrad();
    double lr = op.getLrAttr().getValueAsDouble();
    double momentum = op.getMomentumAttr().getValueAsDouble();
    double weightDecay = op.getWeightDecayAttr().getValueAsDouble();
    if (weightDecay != 0.0)
      grad = k.add(grad, k.mul(param, k.scalarLike(param, weightDecay)));
    Value buffer = k.add(
        k.mul(op.getMomentumBuffer(), k.scalarLike(param, momentum)), grad);
    Value step = buffer;
    if (op.getNesterov())
      step = k.add(grad, k.mul(buffer, k.scalarLike(param, momentum)));
    Value newParam = k.sub(param, k.mul(step, k.scalarLike(param, lr)));
    return {newParam, buffer};
  }
};

/// torch.optim.AdamW (single-tensor path): decay, lerp the first moment,
/// addcmul the second, then addcdiv with the bias corrections. The bias
/// corrections depend on the step tensor and are computed in f64, as torch
/// computes them in Python floats.
struct DecomposeAdamW : DecomposePattern<AdamWOp> {
  using DecomposePattern::DecomposePattern;
  SmallVector<Value> decompose(AdamWOp op, KilnBuilder &k) const final {
    Value param = op.getParam(), grad = op.getGrad();
    Type elementType = getElementTypeOrSelf(param.getType());
    double lr = op.getLrAttr().getValueAsDouble();
    double beta1 = op.getBeta1Attr().getValueAsDouble();
    double beta2 = op.getBeta2Attr().getValueAsDouble();
    double epsilon = op.getEpsilonAttr().getValueAsDouble();
    double weightDecay = op.getWeightDecayAttr().getValueAsDouble();

    Value decayed = k.mul(param, k.scalarLike(param, 1.0 - lr * weightDecay));
    Value m = op.getFirstMoment();
    Value newM =
        k.add(m, k.mul(k.sub(grad, m), k.scalarLike(param, 1.0 - beta1)));
    Value newV =
        k.add(k.mul(op.getSecondMoment(), k.scalarLike(param, beta2)),
              k.mul(k.mul(grad, grad), k.scalarLike(param, 1.0 - beta2)));

    Type f64 = k.builder().getF64Type();
    Value step = k.cast(op.getStep(), f64);
    Value one = k.scalar(f64, 1.0);
    Value correction1 = k.sub(one, k.pow(k.scalar(f64, beta1), step));
    Value correction2 = k.sub(one, k.pow(k.scalar(f64, beta2), step));
    Value stepSize = k.cast(k.div(k.scalar(f64, lr), correction1), elementType);
    Value correction2Sqrt = k.cast(k.sqrt(correction2), elementType);

    Value denom = k.add(k.div(k.sqrt(newV), correction2Sqrt),
                        k.scalarLike(param, epsilon));
    Value newParam = k.sub(decayed, k.mul(k.div(newM, denom), stepSize));
    return {newParam, newM, newV};
  }
};

} // namespace

void mlir::kiln::populateDecomposeTrainingPatterns(
    RewritePatternSet &patterns) {
  patterns
      .add<DecomposeCrossEntropy, DecomposeMse, DecomposeSgd, DecomposeAdamW>(
          patterns.getContext());
}
