//===- DecomposeReductions.cpp - reduce_mean, softmax, global pooling -----===//

#include "DecomposePattern.h"
#include "kiln/Transforms/Decompose.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// mean = sum / count.
struct DecomposeReduceMean : DecomposePattern<ReduceMeanOp> {
  using DecomposePattern::DecomposePattern;
  SmallVector<Value> decompose(ReduceMeanOp op, KilnBuilder &k) const final {
    if (op.getDims().empty())
      return {op.getOperand()};
    return {k.reduceMean(op.getOperand(), op.getDims(), op.getKeepDims())};
  }
};

/// softmax(x) = exp(x - max) / sum(exp(x - max)): the shift keeps exp from
/// overflowing, as every framework does.
struct DecomposeSoftmax : DecomposePattern<SoftmaxOp> {
  using DecomposePattern::DecomposePattern;
  SmallVector<Value> decompose(SoftmaxOp op, KilnBuilder &k) const final {
    int64_t dim = static_cast<int64_t>(op.getDim());
    Value x = op.getOperand();
    Value e = k.exp(k.sub(x, k.reduceMax(x, {dim}, true)));
    return {k.div(e, k.reduceSum(e, {dim}, true))};
  }
};

/// log_softmax(x) = (x - max) - log(sum(exp(x - max))).
struct DecomposeLogSoftmax : DecomposePattern<LogSoftmaxOp> {
  using DecomposePattern::DecomposePattern;
  SmallVector<Value> decompose(LogSoftmaxOp op, KilnBuilder &k) const final {
    int64_t dim = static_cast<int64_t>(op.getDim());
    Value x = op.getOperand();
    Value shifted = k.sub(x, k.reduceMax(x, {dim}, true));
    return {k.sub(shifted, k.log(k.reduceSum(k.exp(shifted), {dim}, true)))};
  }
};

/// The mean over H and W, keeping them as size-1 dimensions.
struct DecomposeGlobalAvgPool : DecomposePattern<GlobalAvgPool2DOp> {
  using DecomposePattern::DecomposePattern;
  SmallVector<Value> decompose(GlobalAvgPool2DOp op,
                               KilnBuilder &k) const final {
    return {k.reduceMean(op.getInput(), {2, 3}, true)};
  }
};

} // namespace

void mlir::kiln::populateDecomposeReductionPatterns(
    RewritePatternSet &patterns) {
  patterns.add<DecomposeReduceMean, DecomposeSoftmax, DecomposeLogSoftmax,
               DecomposeGlobalAvgPool>(patterns.getContext());
}
