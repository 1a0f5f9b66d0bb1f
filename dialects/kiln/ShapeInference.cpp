//===- ShapeInference.cpp - Shared shape rules of kiln ops ----------------===//
//
// Broadcasting, dimension lists, reductions and window arithmetic shared by
// several kiln ops.
//
//===----------------------------------------------------------------------===//

#include "kiln/ShapeInference.h"

#include "mlir/Dialect/Traits.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::kiln;

std::string mlir::kiln::formatShape(ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "[";
  llvm::interleaveComma(shape, os);
  os << "]";
  return text;
}

std::string mlir::kiln::formatNumber(double value) {
  SmallString<16> text;
  APFloat(value).toString(text);
  return text.str().str();
}

std::optional<SmallVector<int64_t>>
mlir::kiln::broadcastShapes(ArrayRef<ArrayRef<int64_t>> shapes) {
  SmallVector<int64_t> result;
  for (ArrayRef<int64_t> shape : shapes) {
    SmallVector<int64_t> next;
    if (!OpTrait::util::getBroadcastedShape(result, shape, next))
      return std::nullopt;
    result = std::move(next);
  }
  return result;
}

bool mlir::kiln::isBroadcastableTo(ArrayRef<int64_t> from,
                                   ArrayRef<int64_t> to) {
  if (from.size() > to.size())
    return false;
  size_t offset = to.size() - from.size();
  for (auto [i, dim] : llvm::enumerate(from))
    if (dim != 1 && dim != to[offset + i])
      return false;
  return true;
}

LogicalResult mlir::kiln::inferBroadcastElementwise(
    std::optional<Location> location, StringRef opName,
    ArrayRef<Type> operandTypes, Type resultElementType,
    SmallVectorImpl<Type> &inferred) {
  SmallVector<ArrayRef<int64_t>> shapes;
  Type elementType;
  for (Type type : operandTypes) {
    auto tensor = cast<RankedTensorType>(type);
    if (elementType && tensor.getElementType() != elementType)
      return emitInferError(location, opName,
                            "operands must have one element type, got ",
                            elementType, " and ", tensor.getElementType());
    elementType = tensor.getElementType();
    shapes.push_back(tensor.getShape());
  }
  std::optional<SmallVector<int64_t>> shape = broadcastShapes(shapes);
  if (!shape) {
    std::string list;
    for (auto [i, s] : llvm::enumerate(shapes))
      list += (i ? " and " : "") + formatShape(s);
    return emitInferError(location, opName,
                          "operand shapes do not broadcast: ", list);
  }
  inferred.push_back(RankedTensorType::get(
      *shape, resultElementType ? resultElementType : elementType));
  return success();
}

LogicalResult mlir::kiln::checkDimList(std::optional<Location> location,
                                       StringRef opName, StringRef what,
                                       ArrayRef<int64_t> dims, int64_t rank) {
  llvm::SmallSet<int64_t, 8> seen;
  for (int64_t dim : dims) {
    if (dim < 0 || dim >= rank)
      return emitInferError(location, opName, what, " ", formatShape(dims),
                            " has dimension ", dim, " outside [0, ", rank, ")");
    if (!seen.insert(dim).second)
      return emitInferError(location, opName, what, " ", formatShape(dims),
                            " repeats dimension ", dim);
  }
  return success();
}

LogicalResult mlir::kiln::verifyDimInRange(Operation *op, StringRef name,
                                           int64_t dim, int64_t rank) {
  if (dim < 0 || dim >= rank)
    return op->emitOpError() << name << " " << dim << " is outside [0, " << rank
                             << ") for an operand of rank " << rank;
  return success();
}

LogicalResult mlir::kiln::inferReduction(std::optional<Location> location,
                                         StringRef opName,
                                         RankedTensorType type,
                                         ArrayRef<int64_t> dims, bool keepDims,
                                         Type elementType,
                                         SmallVectorImpl<Type> &inferred) {
  if (failed(checkDimList(location, opName, "dims", dims, type.getRank())))
    return failure();
  SmallVector<int64_t> shape;
  for (auto [i, size] : llvm::enumerate(type.getShape())) {
    if (!llvm::is_contained(dims, static_cast<int64_t>(i)))
      shape.push_back(size);
    else if (keepDims)
      shape.push_back(1);
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

OpFoldResult mlir::kiln::foldEmptyReduction(Operation *op,
                                            ArrayRef<int64_t> dims) {
  if (dims.empty() && op->getOperand(0).getType() == op->getResult(0).getType())
    return op->getOperand(0);
  return {};
}

int64_t mlir::kiln::windowOutputSize(int64_t input, int64_t window,
                                     int64_t stride, int64_t padLow,
                                     int64_t padHigh, int64_t dilation) {
  int64_t span = dilation * (window - 1) + 1;
  int64_t padded = input + padLow + padHigh;
  if (span > padded)
    return -1;
  return (padded - span) / stride + 1;
}

LogicalResult mlir::kiln::checkWindowAttributes(
    std::optional<Location> location, StringRef opName, StringRef sizesName,
    ArrayRef<int64_t> sizes, ArrayRef<int64_t> strides,
    ArrayRef<int64_t> padding) {
  if (sizes.size() != 2 || strides.size() != 2 || padding.size() != 4)
    return emitInferError(location, opName, "expects 2 ", sizesName,
                          " entries, 2 strides and 4 paddings, got ",
                          sizes.size(), ", ", strides.size(), " and ",
                          padding.size());
  auto nonPositive = [](int64_t v) { return v < 1; };
  if (llvm::any_of(sizes, nonPositive) || llvm::any_of(strides, nonPositive))
    return emitInferError(
        location, opName, sizesName, " and strides must be positive, got ",
        sizesName, " ", formatShape(sizes), " strides ", formatShape(strides));
  if (llvm::any_of(padding, [](int64_t p) { return p < 0; }))
    return emitInferError(location, opName,
                          "padding must be non-negative, got ",
                          formatShape(padding));
  return success();
}

LogicalResult mlir::kiln::inferPool2D(std::optional<Location> location,
                                      StringRef opName, RankedTensorType input,
                                      ArrayRef<int64_t> window,
                                      ArrayRef<int64_t> strides,
                                      ArrayRef<int64_t> padding,
                                      SmallVectorImpl<Type> &inferred) {
  if (input.getRank() != 4)
    return emitInferError(location, opName,
                          "expects an NCHW input of rank 4, got rank ",
                          input.getRank());
  if (failed(checkWindowAttributes(location, opName, "window", window, strides,
                                   padding)))
    return failure();
  // Padding is [top, left, bottom, right] as in ONNX.
  SmallVector<int64_t> shape(input.getShape());
  for (int i = 0; i < 2; ++i) {
    if (padding[i] >= window[i] || padding[i + 2] >= window[i])
      return emitInferError(location, opName, "padding ", formatShape(padding),
                            " must be smaller than the window ",
                            formatShape(window));
    shape[2 + i] = windowOutputSize(input.getDimSize(2 + i), window[i],
                                    strides[i], padding[i], padding[i + 2], 1);
    if (shape[2 + i] < 1)
      return emitInferError(location, opName, "window ", formatShape(window),
                            " does not fit the padded input ",
                            formatShape(input.getShape()));
  }
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}
