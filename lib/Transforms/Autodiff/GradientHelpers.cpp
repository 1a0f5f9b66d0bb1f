//===- GradientHelpers.cpp - Shape plumbing shared by gradient rules ------===//

#include "GradientRules.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::kiln;

RankedTensorType autodiff::typeOf(Value v) {
  return cast<RankedTensorType>(v.getType());
}

bool autodiff::isFloatTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<FloatType>(tensor.getElementType());
}

Value autodiff::reduceToShape(KilnBuilder &k, Value g,
                              RankedTensorType target) {
  auto shape = typeOf(g).getShape();
  auto targetShape = target.getShape();
  if (shape == targetShape)
    return g;
  // NumPy broadcasting aligns trailing dimensions: the leading extra ones
  // and the target's size-1 ones were repeated.
  int64_t offset = shape.size() - targetShape.size();
  SmallVector<int64_t> dims;
  for (int64_t d = 0; d < static_cast<int64_t>(shape.size()); ++d)
    if (d < offset || (targetShape[d - offset] == 1 && shape[d] != 1))
      dims.push_back(d);
  Value sum = dims.empty() ? g : k.reduceSum(g, dims, /*keepDims=*/true);
  return k.reshape(sum, targetShape);
}

Value autodiff::broadcastReduced(KilnBuilder &k, Value g,
                                 ArrayRef<int64_t> dims, bool keepDims,
                                 RankedTensorType operand) {
  SmallVector<int64_t> kept(operand.getShape());
  for (int64_t d : dims)
    kept[d] = 1;
  if (!keepDims)
    g = k.reshape(g, kept);
  return k.broadcastTo(g, operand.getShape());
}

Value autodiff::selectOrZero(KilnBuilder &k, Value condition, Value g) {
  return k.select(condition, g, k.scalarLike(g, 0.0));
}

Value autodiff::dilate(KilnBuilder &k, Value x, ArrayRef<int64_t> factors) {
  for (auto [dim, factor] : llvm::enumerate(factors)) {
    if (factor == 1)
      continue;
    // [.., n, ..] -> [.., n, 1, ..] -> pad to [.., n, f, ..] -> [.., n*f, ..]
    // -> drop the f - 1 trailing zeros.
    SmallVector<int64_t> shape(typeOf(x).getShape());
    int64_t n = shape[dim];
    SmallVector<int64_t> split(shape);
    split.insert(split.begin() + dim + 1, 1);
    SmallVector<int64_t> low(split.size(), 0), high(split.size(), 0);
    high[dim + 1] = factor - 1;
    Value padded = k.pad(k.reshape(x, split), low, high);
    SmallVector<int64_t> merged(shape);
    merged[dim] = n * factor;
    Value spread = k.reshape(padded, merged);
    SmallVector<int64_t> start(shape.size(), 0), limit(merged),
        stride(shape.size(), 1);
    limit[dim] = (n - 1) * factor + 1;
    x = k.slice(spread, start, limit, stride);
  }
  return x;
}

Value autodiff::reverse(KilnBuilder &k, Value x, int64_t dim) {
  int64_t n = typeOf(x).getDimSize(dim);
  if (n == 1)
    return x;
  SmallVector<int64_t> indices;
  for (int64_t i = n - 1; i >= 0; --i)
    indices.push_back(i);
  auto indexType = RankedTensorType::get({n}, k.builder().getI64Type());
  Value constant = ConstantOp::create(
      k.builder(), DenseElementsAttr::get(indexType, ArrayRef(indices)));
  return GatherOp::create(k.builder(), x, constant,
                          k.builder().getI64IntegerAttr(dim));
}

bool autodiff::hasZeroGradient(Operation *op) {
  return isa<CompareOp, ArgMaxOp, ArgMinOp, IotaOp, ConstantOp>(op);
}

std::optional<autodiff::Adjoints>
autodiff::directGradient(Operation *op, ValueRange results, KilnBuilder &k) {
  if (auto adjoints = elementwiseGradient(op, results, k))
    return adjoints;
  if (auto adjoints = reductionGradient(op, results, k))
    return adjoints;
  if (auto adjoints = shapeGradient(op, results, k))
    return adjoints;
  return contractionGradient(op, results, k);
}
