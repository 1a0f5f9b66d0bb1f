//===- DecomposeNormalization.cpp - layer, RMS and batch norm -------------===//

#include "DecomposePattern.h"
#include "kiln/Transforms/Decompose.h"

#include <numeric>

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// The dimensions `axis .. rank-1` that layer and RMS norm normalize over.
SmallVector<int64_t> trailingDims(Value x, uint64_t axis) {
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  SmallVector<int64_t> dims(rank - static_cast<int64_t>(axis));
  std::iota(dims.begin(), dims.end(), static_cast<int64_t>(axis));
  return dims;
}

/// (x - mean) * rsqrt(var + eps) * scale + bias with the biased variance,
/// in the order torch.nn.functional.layer_norm evaluates it.
struct DecomposeLayerNorm : DecomposePattern<LayerNormOp> {
  using DecomposePattern::DecomposePattern;
  SmallVector<Value> decompose(LayerNormOp op, KilnBuilder &k) const final {
    Value x = op.getInput();
    SmallVector<int64_t> dims = trailingDims(x, op.getAxis());
    Value centered = k.sub(x, k.reduceMean(x, dims, true));
    Value variance = k.reduceMean(k.mul(centered, centered), dims, true);
    double epsilon = op.getEpsilonAttr().getValueAsDouble();
    Value y =
        k.mul(centered, k.rsqrt(k.add(variance, k.scalarLike(x, epsilon))));
    if (Value scale = op.getScale())
      y = k.mul(y, scale);
    if (Value bias = op.getBias())
      y = k.add(y, bias);
    return {y};
  }
};

/// x * rsqrt(mean(x^2) + eps) * scale.
struct DecomposeRmsNorm : DecomposePattern<RmsNormOp> {
  using DecomposePattern::DecomposePattern;
  SmallVector<Value> decompose(RmsNormOp op, KilnBuilder &k) const final {
    Value x = op.getInput();
    SmallVector<int64_t> dims = trailingDims(x, op.getAxis());
    Value meanSquare = k.reduceMean(k.mul(x, x), dims, true);
    double epsilon = op.getEpsilonAttr().getValueAsDouble();
    Value y = k.mul(x, k.rsqrt(k.add(meanSquare, k.scalarLike(x, epsilon))));
    if (Value scale = op.getScale())
      y = k.mul(y, scale);
    return {y};
  }
};

/// (x - mean[c]) * (scale[c] * rsqrt(var[c] + eps)) + bias[c]. The per-channel
/// factor is computed once on [C] tensors; the [C] parameters are reshaped to
/// [C, 1, ..., 1] so that they broadcast along dimension 1 of [N, C, ...].
struct DecomposeBatchNorm : DecomposePattern<BatchNormOp> {
  using DecomposePattern::DecomposePattern;
  SmallVector<Value> decompose(BatchNormOp op, KilnBuilder &k) const final {
    Value x = op.getInput();
    auto type = cast<RankedTensorType>(x.getType());
    SmallVector<int64_t> channelShape(type.getRank() - 1, 1);
    channelShape[0] = type.getDimSize(1);
    double epsilon = op.getEpsilonAttr().getValueAsDouble();
    Value factor =
        k.mul(op.getScale(),
              k.rsqrt(k.add(op.getVariance(), k.scalarLike(x, epsilon))));
    Value mean = k.reshape(op.getMean(), channelShape);
    Value y = k.mul(k.sub(x, mean), k.reshape(factor, channelShape));
    return {k.add(y, k.reshape(op.getBias(), channelShape))};
  }
};

} // namespace

void mlir::kiln::populateDecomposeNormalizationPatterns(
    RewritePatternSet &patterns) {
  patterns.add<DecomposeLayerNorm, DecomposeRmsNorm, DecomposeBatchNorm>(
      patterns.getContext());
}
