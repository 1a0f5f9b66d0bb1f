//===- TensorOps.cpp - Kiln constant and data-movement ops ----------------===//
//
// Verifiers, type inference, folders and canonicalizations of constant,
// iota, reshape, transpose, broadcast, slice, concat, split, pad, gather.
//
//===----------------------------------------------------------------------===//

#include "kiln/KilnOps.h"

#include "ConstantFolding.h"

#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::kiln;

/// Folds a data-movement op: to its operand when the types match (nothing
/// moves), or to a splat of the result type when the operand is a splat
/// constant (every arrangement of one value is that value).
static OpFoldResult foldMovement(Operation *op, Attribute operand) {
  Value input = op->getOperand(0);
  auto resultType = cast<ShapedType>(op->getResult(0).getType());
  if (input.getType() == resultType)
    return input;
  if (auto splat = dyn_cast_if_present<SplatElementsAttr>(operand))
    return splat.resizeSplat(resultType);
  return {};
}

//===----------------------------------------------------------------------===//
// Constant, iota
//===----------------------------------------------------------------------===//

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

LogicalResult OptimizationBarrierOp::inferReturnTypes(
    MLIRContext *, std::optional<Location>, ValueRange operands, DictionaryAttr,
    OpaqueProperties, RegionRange, SmallVectorImpl<Type> &inferred) {
  // The results are the operands, unchanged.
  llvm::append_range(inferred, operands.getTypes());
  return success();
}

LogicalResult IotaOp::verify() {
  return verifyDimInRange(getOperation(), "dim", getDim(), getType().getRank());
}

//===----------------------------------------------------------------------===//
// Reshape
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  auto from = cast<RankedTensorType>(getOperand().getType());
  auto to = cast<RankedTensorType>(getType());
  if (from.getElementType() != to.getElementType())
    return emitOpError() << "changes the element type from "
                         << from.getElementType() << " to "
                         << to.getElementType() << "; use kiln.cast";
  if (from.getNumElements() != to.getNumElements())
    return emitOpError() << "cannot reshape " << formatShape(from.getShape())
                         << " (" << from.getNumElements() << " elements) to "
                         << formatShape(to.getShape()) << " ("
                         << to.getNumElements() << " elements)";
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult folded = foldMovement(*this, adaptor.getOperand()))
    return folded;
  if (DenseElementsAttr constant = getSmallConstant(adaptor.getOperand()))
    return constant.reshape(getType());
  // reshape(reshape(x)) is one reshape of x.
  if (auto inner = getOperand().getDefiningOp<ReshapeOp>()) {
    getOperandMutable().assign(inner.getOperand());
    return getResult();
  }
  return {};
}

//===----------------------------------------------------------------------===//
// Transpose
//===----------------------------------------------------------------------===//

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto type = cast<RankedTensorType>(adaptor.getOperand().getType());
  ArrayRef<int64_t> permutation = adaptor.getPermutation();
  if (static_cast<int64_t>(permutation.size()) != type.getRank())
    return emitInferError(location, getOperationName(), "permutation ",
                          formatShape(permutation), " has ", permutation.size(),
                          " entries for an operand of "
                          "rank ",
                          type.getRank());
  if (failed(checkDimList(location, getOperationName(), "permutation",
                          permutation, type.getRank())))
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t dim : permutation)
    shape.push_back(type.getDimSize(dim));
  inferred.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> permutation = getPermutation();
  bool identity = llvm::all_of(llvm::enumerate(permutation), [](auto entry) {
    return static_cast<int64_t>(entry.index()) == entry.value();
  });
  if (identity)
    return getOperand();
  // Not foldMovement: equal operand and result types do not make a
  // transpose a no-op when it swaps dimensions of equal size.
  if (auto splat = dyn_cast_if_present<SplatElementsAttr>(adaptor.getOperand()))
    return splat.resizeSplat(getType());
  if (DenseElementsAttr constant = getSmallConstant(adaptor.getOperand()))
    return transposeElements(constant, permutation, getType());
  return {};
}

namespace {
/// transpose(transpose(x, p1), p2) -> transpose(x, p1 o p2).
struct ComposeTransposes : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getOperand().getDefiningOp<TransposeOp>();
    if (!inner)
      return failure();
    SmallVector<int64_t> composed;
    for (int64_t dim : op.getPermutation())
      composed.push_back(inner.getPermutation()[dim]);
    rewriter.replaceOpWithNewOp<TransposeOp>(op, inner.getOperand(), composed);
    return success();
  }
};
} // namespace

void TransposeOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                              MLIRContext *context) {
  patterns.add<ComposeTransposes>(context);
}

//===----------------------------------------------------------------------===//
// Broadcast
//===----------------------------------------------------------------------===//

LogicalResult BroadcastOp::verify() {
  auto from = cast<RankedTensorType>(getOperand().getType());
  auto to = cast<RankedTensorType>(getType());
  if (from.getElementType() != to.getElementType())
    return emitOpError() << "changes the element type from "
                         << from.getElementType() << " to "
                         << to.getElementType() << "; use kiln.cast";
  if (!isBroadcastableTo(from.getShape(), to.getShape()))
    return emitOpError() << "cannot broadcast " << formatShape(from.getShape())
                         << " to " << formatShape(to.getShape())
                         << " (trailing dimensions must match or be 1)";
  return success();
}

OpFoldResult BroadcastOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult folded = foldMovement(*this, adaptor.getOperand()))
    return folded;
  if (DenseElementsAttr constant = getSmallConstant(adaptor.getOperand()))
    if (getType().getNumElements() <= kMaxFoldedElements)
      return broadcastElements(constant, getType());
  return {};
}

//===----------------------------------------------------------------------===//
// Slice
//===----------------------------------------------------------------------===//

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> location,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  auto type = cast<RankedTensorType>(adaptor.getOperand().getType());
  ArrayRef<int64_t> start = adaptor.getStart(), limit = adaptor.getLimit(),
                    stride = adaptor.getStride();
  int64_t rank = type.getRank();
  if (static_cast<int64_t>(start.size()) != rank ||
      static_cast<int64_t>(limit.size()) != rank ||
      static_cast<int64_t>(stride.size()) != rank)
    return emitInferError(location, getOperationName(), "needs ", rank,
                          " bounds for an operand of rank ", rank, ", got ",
                          start.size());
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t size = type.getDimSize(d);
    if (start[d] < 0 || start[d] > limit[d] || limit[d] > size)
      return emitInferError(location, getOperationName(), "dimension ", d,
                            " bounds ", start[d], ":", limit[d],
                            " are not within 0 <= start <= limit <= ", size);
    if (stride[d] < 1)
      return emitInferError(location, getOperationName(), "dimension ", d,
                            " has stride ", stride[d],
                            "; strides must be positive");
    shape.push_back((limit[d] - start[d] + stride[d] - 1) / stride[d]);
  }
  inferred.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult folded = foldMovement(*this, adaptor.getOperand()))
    return folded;
  if (DenseElementsAttr constant = getSmallConstant(adaptor.getOperand()))
    return sliceElements(constant, getStart(), getStride(), getType());
  return {};
}

//===----------------------------------------------------------------------===//
// Concat
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  if (adaptor.getInputs().empty())
    return emitInferError(location, getOperationName(),
                          "needs at least one input");
  auto first = cast<RankedTensorType>(adaptor.getInputs()[0].getType());
  int64_t dim = adaptor.getDim();
  if (dim < 0 || dim >= first.getRank())
    return emitInferError(location, getOperationName(), "dim ", dim,
                          " is outside [0, ", first.getRank(), ")");
  SmallVector<int64_t> shape(first.getShape());
  shape[dim] = 0;
  for (auto [i, value] : llvm::enumerate(adaptor.getInputs())) {
    auto type = cast<RankedTensorType>(value.getType());
    if (type.getElementType() != first.getElementType())
      return emitInferError(location, getOperationName(), "input ", i,
                            " has element type ", type.getElementType(),
                            " but input 0 has ", first.getElementType());
    if (type.getRank() != first.getRank())
      return emitInferError(location, getOperationName(), "input ", i,
                            " has rank ", type.getRank(),
                            " but input 0 has rank ", first.getRank());
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (d != dim && type.getDimSize(d) != first.getDimSize(d))
        return emitInferError(location, getOperationName(), "input ", i,
                              " has shape ", formatShape(type.getShape()),
                              " but input 0 has ",
                              formatShape(first.getShape()),
                              "; they may differ only in dim ", dim);
    shape[dim] += type.getDimSize(dim);
  }
  inferred.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1 && getInputs()[0].getType() == getType())
    return getInputs()[0];
  SmallVector<DenseElementsAttr> constants;
  for (Attribute input : adaptor.getInputs()) {
    DenseElementsAttr constant = getSmallConstant(input);
    if (!constant)
      return {};
    constants.push_back(constant);
  }
  if (getType().getNumElements() > kMaxFoldedElements)
    return {};
  return concatElements(constants, getDim(), getType());
}

//===----------------------------------------------------------------------===//
// Split
//===----------------------------------------------------------------------===//

LogicalResult SplitOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> location,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  auto type = cast<RankedTensorType>(adaptor.getOperand().getType());
  int64_t dim = adaptor.getDim();
  if (dim < 0 || dim >= type.getRank())
    return emitInferError(location, getOperationName(), "dim ", dim,
                          " is outside [0, ", type.getRank(), ")");
  ArrayRef<int64_t> sizes = adaptor.getSizes();
  if (sizes.empty() || llvm::any_of(sizes, [](int64_t s) { return s < 1; }))
    return emitInferError(location, getOperationName(), "sizes ",
                          formatShape(sizes),
                          " must be a non-empty list of positive sizes");
  int64_t total = 0;
  for (int64_t size : sizes)
    total += size;
  if (total != type.getDimSize(dim))
    return emitInferError(location, getOperationName(), "sizes ",
                          formatShape(sizes), " add up to ", total, " but dim ",
                          dim, " has size ", type.getDimSize(dim));
  for (int64_t size : sizes) {
    SmallVector<int64_t> shape(type.getShape());
    shape[dim] = size;
    inferred.push_back(RankedTensorType::get(shape, type.getElementType()));
  }
  return success();
}

LogicalResult SplitOp::fold(FoldAdaptor adaptor,
                            SmallVectorImpl<OpFoldResult> &results) {
  if (DenseElementsAttr constant = getSmallConstant(adaptor.getOperand())) {
    auto type = cast<RankedTensorType>(getOperand().getType());
    int64_t dim = getDim(), at = 0;
    SmallVector<int64_t> stride(type.getRank(), 1);
    for (Value result : getResults()) {
      auto resultType = cast<RankedTensorType>(result.getType());
      SmallVector<int64_t> start(type.getRank(), 0);
      start[dim] = at;
      at += resultType.getDimSize(dim);
      results.push_back(sliceElements(constant, start, stride, resultType));
    }
    return success();
  }
  if (getNumResults() != 1 || getOperand().getType() != getType(0))
    return failure();
  results.push_back(getOperand());
  return success();
}

//===----------------------------------------------------------------------===//
// Pad
//===----------------------------------------------------------------------===//

LogicalResult PadOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> location,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  auto type = cast<RankedTensorType>(adaptor.getOperand().getType());
  ArrayRef<int64_t> low = adaptor.getLow(), high = adaptor.getHigh();
  if (static_cast<int64_t>(low.size()) != type.getRank() ||
      static_cast<int64_t>(high.size()) != type.getRank())
    return emitInferError(location, getOperationName(), "low ",
                          formatShape(low), " and high ", formatShape(high),
                          " must each have one entry per dimension (",
                          type.getRank(), ")");
  if (llvm::any_of(llvm::concat<const int64_t>(low, high),
                   [](int64_t p) { return p < 0; }))
    return emitInferError(location, getOperationName(),
                          "padding amounts must be non-negative, got low ",
                          formatShape(low), " high ", formatShape(high));
  auto value = cast<TypedAttr>(adaptor.getValue());
  if (value.getType() != type.getElementType())
    return emitInferError(location, getOperationName(), "padding value ", value,
                          " does not have the element type ",
                          type.getElementType());
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < type.getRank(); ++d)
    shape.push_back(type.getDimSize(d) + low[d] + high[d]);
  inferred.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

OpFoldResult PadOp::fold(FoldAdaptor) {
  if (getOperand().getType() == getType())
    return getOperand();
  return {};
}

//===----------------------------------------------------------------------===//
// Gather
//===----------------------------------------------------------------------===//

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto data = cast<RankedTensorType>(adaptor.getData().getType());
  auto indices = cast<RankedTensorType>(adaptor.getIndices().getType());
  int64_t axis = adaptor.getAxis();
  if (axis < 0 || axis >= data.getRank())
    return emitInferError(location, getOperationName(), "axis ", axis,
                          " is outside [0, ", data.getRank(),
                          ") for data of rank ", data.getRank());
  SmallVector<int64_t> shape(data.getShape().take_front(axis));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, data.getShape().drop_front(axis + 1));
  inferred.push_back(RankedTensorType::get(shape, data.getElementType()));
  return success();
}

LogicalResult GatherElementsOp::verify() {
  auto data = cast<RankedTensorType>(getData().getType());
  auto indices = cast<RankedTensorType>(getIndices().getType());
  auto type = cast<RankedTensorType>(getType());
  int64_t axis = getAxis();
  if (axis < 0 || axis >= data.getRank())
    return emitOpError() << "axis " << axis << " is outside [0, "
                         << data.getRank() << ") for data of rank "
                         << data.getRank();
  if (indices.getRank() != data.getRank())
    return emitOpError() << "indices of rank " << indices.getRank()
                         << " must have the rank of data, " << data.getRank();
  for (int64_t d = 0; d < data.getRank(); ++d)
    if (d != axis && indices.getDimSize(d) > data.getDimSize(d))
      return emitOpError() << "indices dimension " << d << " ("
                           << indices.getDimSize(d)
                           << ") is larger than data's (" << data.getDimSize(d)
                           << ")";
  if (type.getShape() != indices.getShape() ||
      type.getElementType() != data.getElementType())
    return emitOpError() << "result type " << type << " should be "
                         << indices.clone(data.getElementType());
  return success();
}

LogicalResult ScatterElementsOp::verify() {
  auto data = cast<RankedTensorType>(getData().getType());
  auto indices = cast<RankedTensorType>(getIndices().getType());
  auto updates = cast<RankedTensorType>(getUpdates().getType());
  int64_t axis = getAxis();
  if (axis < 0 || axis >= data.getRank())
    return emitOpError() << "axis " << axis << " is outside [0, "
                         << data.getRank() << ") for data of rank "
                         << data.getRank();
  if (indices.getShape() != updates.getShape())
    return emitOpError() << "indices " << indices << " and updates " << updates
                         << " must have one shape";
  if (updates.getRank() != data.getRank())
    return emitOpError() << "updates of rank " << updates.getRank()
                         << " must have the rank of data, " << data.getRank();
  for (int64_t d = 0; d < data.getRank(); ++d)
    if (d != axis && updates.getDimSize(d) > data.getDimSize(d))
      return emitOpError() << "updates dimension " << d << " ("
                           << updates.getDimSize(d)
                           << ") is larger than data's (" << data.getDimSize(d)
                           << ")";
  if (updates.getElementType() != data.getElementType())
    return emitOpError() << "updates have element type "
                         << updates.getElementType() << ", data "
                         << data.getElementType();
  if (getType() != data)
    return emitOpError() << "result type " << getType() << " should be data's, "
                         << data;
  if (data.getElementType().isInteger(1) &&
      (getReduction() == ScatterReduction::add ||
       getReduction() == ScatterReduction::mul))
    return emitOpError() << "reduction "
                         << stringifyScatterReduction(getReduction())
                         << " needs numeric elements, not i1";
  return success();
}
