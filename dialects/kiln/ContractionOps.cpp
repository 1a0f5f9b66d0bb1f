//===- ContractionOps.cpp - Kiln dot, convolution and pooling -------------===//
//
// Type inference of dot, conv2d and global_avg_pool2d (the windowed pools
// share inferPool2D in ShapeInference.cpp).
//
//===----------------------------------------------------------------------===//

#include "kiln/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;

//===----------------------------------------------------------------------===//
// Dot
//===----------------------------------------------------------------------===//

LogicalResult DotOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> location,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  auto lhs = cast<RankedTensorType>(adaptor.getLhs().getType());
  auto rhs = cast<RankedTensorType>(adaptor.getRhs().getType());
  DotDimensionsAttr dims = adaptor.getDimensions();
  StringRef name = getOperationName();
  if (lhs.getElementType() != rhs.getElementType())
    return emitInferError(location, name,
                          "operands must have one element type, got ",
                          lhs.getElementType(), " and ", rhs.getElementType());
  auto checkRange = [&](StringRef side, ArrayRef<int64_t> list,
                        int64_t rank) -> LogicalResult {
    for (int64_t dim : list)
      if (dim >= rank)
        return emitInferError(location, name, side, " dimension ", dim,
                              " is outside [0, ", rank, ") for ", side,
                              " of rank ", rank);
    return success();
  };
  if (failed(checkRange("lhs", dims.getLhsBatchDims(), lhs.getRank())) ||
      failed(checkRange("lhs", dims.getLhsContractingDims(), lhs.getRank())) ||
      failed(checkRange("rhs", dims.getRhsBatchDims(), rhs.getRank())) ||
      failed(checkRange("rhs", dims.getRhsContractingDims(), rhs.getRank())))
    return failure();
  auto checkPairs = [&](StringRef what, ArrayRef<int64_t> l,
                        ArrayRef<int64_t> r) -> LogicalResult {
    for (auto [a, b] : llvm::zip_equal(l, r))
      if (lhs.getDimSize(a) != rhs.getDimSize(b))
        return emitInferError(location, name, what, " dimension pair ", a,
                              " x ", b, " has sizes ", lhs.getDimSize(a),
                              " and ", rhs.getDimSize(b));
    return success();
  };
  if (failed(checkPairs("batch", dims.getLhsBatchDims(),
                        dims.getRhsBatchDims())) ||
      failed(checkPairs("contracting", dims.getLhsContractingDims(),
                        dims.getRhsContractingDims())))
    return failure();

  SmallVector<int64_t> shape;
  for (int64_t dim : dims.getLhsBatchDims())
    shape.push_back(lhs.getDimSize(dim));
  auto appendFree = [&](RankedTensorType type, ArrayRef<int64_t> batch,
                        ArrayRef<int64_t> contract) {
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (!llvm::is_contained(batch, d) && !llvm::is_contained(contract, d))
        shape.push_back(type.getDimSize(d));
  };
  appendFree(lhs, dims.getLhsBatchDims(), dims.getLhsContractingDims());
  appendFree(rhs, dims.getRhsBatchDims(), dims.getRhsContractingDims());
  inferred.push_back(RankedTensorType::get(shape, lhs.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Conv2D
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto input = cast<RankedTensorType>(adaptor.getInput().getType());
  auto filter = cast<RankedTensorType>(adaptor.getFilter().getType());
  ArrayRef<int64_t> strides = adaptor.getStrides(),
                    padding = adaptor.getPadding(),
                    dilations = adaptor.getDilations();
  int64_t groups = adaptor.getGroups();
  StringRef name = getOperationName();
  if (input.getRank() != 4 || filter.getRank() != 4)
    return emitInferError(location, name,
                          "expects an NCHW input and an OIHW filter of rank "
                          "4, got ranks ",
                          input.getRank(), " and ", filter.getRank());
  if (input.getElementType() != filter.getElementType())
    return emitInferError(
        location, name, "input and filter must have one element type, got ",
        input.getElementType(), " and ", filter.getElementType());
  if (failed(checkWindowAttributes(location, name, "dilation", dilations,
                                   strides, padding)))
    return failure();
  int64_t channels = input.getDimSize(1), features = filter.getDimSize(0);
  if (groups < 1 || channels % groups != 0 || features % groups != 0)
    return emitInferError(location, name, "groups ", groups,
                          " must be positive and divide both the input "
                          "channels (",
                          channels, ") and the filter count (", features, ")");
  if (filter.getDimSize(1) * groups != channels)
    return emitInferError(location, name, "filter has ", filter.getDimSize(1),
                          " input channels per group, but the input has ",
                          channels, " channels in ", groups, " group(s)");
  SmallVector<int64_t> shape = {input.getDimSize(0), features, 0, 0};
  for (int i = 0; i < 2; ++i) {
    shape[2 + i] =
        windowOutputSize(input.getDimSize(2 + i), filter.getDimSize(2 + i),
                         strides[i], padding[i], padding[i + 2], dilations[i]);
    if (shape[2 + i] < 1)
      return emitInferError(location, name, "dilated filter ",
                            formatShape(filter.getShape().drop_front(2)),
                            " does not fit the padded input ",
                            formatShape(input.getShape()));
  }
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// GlobalAvgPool2D
//===----------------------------------------------------------------------===//

LogicalResult GlobalAvgPool2DOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  auto input = cast<RankedTensorType>(adaptor.getInput().getType());
  if (input.getRank() != 4)
    return emitInferError(location, getOperationName(),
                          "expects an NCHW input of rank 4, got rank ",
                          input.getRank());
  inferred.push_back(
      RankedTensorType::get({input.getDimSize(0), input.getDimSize(1), 1, 1},
                            input.getElementType()));
  return success();
}
