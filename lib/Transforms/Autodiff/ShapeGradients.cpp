//===- ShapeGradients.cpp - Reshapes, transposes, slices, gathers ---------===//

#include "GradientRules.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::autodiff;

namespace {

/// The adjoint of a strided slice: g's elements spread `stride` apart and
/// placed at `start` in a zero tensor of the operand's shape.
Value sliceGradient(SliceOp op, Value g, KilnBuilder &k) {
  auto shape = typeOf(op.getOperand()).getShape();
  Value spread = dilate(k, g, op.getStride());
  SmallVector<int64_t> low(op.getStart()), high;
  for (auto [d, size] : llvm::enumerate(shape))
    high.push_back(size - low[d] - typeOf(spread).getDimSize(d));
  return k.pad(spread, low, high);
}

/// The adjoint of a gather's data is a scatter-add of g at the indices.
/// It is built as a product with the one-hot matrix of the indices,
/// [I..., V] x g[P..., I..., S...] contracting I, which is exactly the
/// scatter-add and lowers to the tuned matmul (the same choice XLA makes
/// for embedding gradients on matrix units).
Value gatherGradient(GatherOp op, Value g, KilnBuilder &k) {
  Value data = op.getData(), indices = op.getIndices();
  auto dataType = typeOf(data);
  int64_t axis = static_cast<int64_t>(op.getAxis());
  int64_t vocabulary = dataType.getDimSize(axis);
  auto indexType = typeOf(indices);
  int64_t indexRank = indexType.getRank();
  // Negative indices count from the end.
  Type indexElement = indexType.getElementType();
  Value wrapped = k.select(
      k.compare(CompareDirection::lt, indices, k.scalar(indexElement, 0)),
      k.add(indices, k.scalar(indexElement, double(vocabulary))), indices);
  SmallVector<int64_t> oneHotShape(indexType.getShape());
  oneHotShape.push_back(vocabulary);
  SmallVector<int64_t> column(indexType.getShape());
  column.push_back(1);
  Value classes = k.iota(oneHotShape, indexElement, indexRank);
  Value oneHot = k.cast(
      k.compare(CompareDirection::eq, classes, k.reshape(wrapped, column)),
      dataType.getElementType());
  SmallVector<int64_t> lhsContract, rhsContract;
  for (int64_t i = 0; i < indexRank; ++i) {
    lhsContract.push_back(i);
    rhsContract.push_back(axis + i);
  }
  // [V, P..., S...] -> data's [P..., V, S...].
  Value product = k.dot(oneHot, g, {}, {}, lhsContract, rhsContract);
  SmallVector<int64_t> permutation;
  for (int64_t d = 0; d < dataType.getRank(); ++d)
    permutation.push_back(d < axis ? d + 1 : d == axis ? 0 : d);
  return k.transpose(product, permutation);
}

} // namespace

std::optional<Adjoints>
autodiff::shapeGradient(Operation *op, ValueRange results, KilnBuilder &k) {
  Value g = results.front();
  return TypeSwitch<Operation *, std::optional<Adjoints>>(op)
      .Case([&](ReshapeOp r) {
        return only(k.reshape(g, typeOf(r.getOperand()).getShape()));
      })
      .Case([&](TransposeOp t) {
        ArrayRef<int64_t> permutation = t.getPermutation();
        SmallVector<int64_t> inverse(permutation.size());
        for (auto [i, p] : llvm::enumerate(permutation))
          inverse[p] = static_cast<int64_t>(i);
        return only(k.transpose(g, inverse));
      })
      .Case([&](BroadcastOp b) {
        return only(reduceToShape(k, g, typeOf(b.getOperand())));
      })
      .Case([&](SliceOp s) { return only(sliceGradient(s, g, k)); })
      .Case([&](PadOp p) {
        SmallVector<int64_t> low, high;
        for (auto [lo, hi] : llvm::zip_equal(p.getLow(), p.getHigh())) {
          low.push_back(-lo);
          high.push_back(-hi);
        }
        return only(k.padOrCrop(g, low, high));
      })
      .Case([&](ConcatOp c) {
        int64_t dim = static_cast<int64_t>(c.getDim());
        auto shape = typeOf(g).getShape();
        Adjoints adjoints;
        int64_t offset = 0;
        for (Value input : c.getInputs()) {
          SmallVector<int64_t> start(shape.size(), 0), limit(shape),
              stride(shape.size(), 1);
          start[dim] = offset;
          offset += typeOf(input).getDimSize(dim);
          limit[dim] = offset;
          adjoints.push_back(k.slice(g, start, limit, stride));
        }
        return std::optional<Adjoints>(adjoints);
      })
      .Case([&](SplitOp s) {
        SmallVector<Value> pieces;
        for (auto [result, adjoint] : llvm::zip_equal(s.getResults(), results))
          pieces.push_back(adjoint ? adjoint : k.splat(typeOf(result), 0.0));
        return only(k.concat(pieces, static_cast<int64_t>(s.getDim())));
      })
      .Case([&](GatherOp gather) {
        return std::optional<Adjoints>(
            Adjoints{gatherGradient(gather, g, k), Value()});
      })
      .Default([](Operation *) { return std::nullopt; });
}
