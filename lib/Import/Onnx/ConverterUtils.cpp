//===- ConverterUtils.cpp - Helpers the ONNX converters share -------------===//

#include "ConverterUtils.h"

#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

LogicalResult mlir::kiln::onnx_import::checkMaterialized(NodeContext &n,
                                                         int64_t rows,
                                                         int64_t columns,
                                                         StringRef what) {
  int64_t count = 0;
  if (rows >= 0 && columns >= 0 && !llvm::MulOverflow(rows, columns, count) &&
      count <= kMaxMaterializedElements)
    return success();
  return n.error() << what << " would be a constant of " << rows << " x "
                   << columns << " elements, more than "
                   << kMaxMaterializedElements;
}

FailureOr<int64_t> mlir::kiln::onnx_import::normalizeAxis(NodeContext &n,
                                                          int64_t axis,
                                                          int64_t rank) {
  if (axis < -rank || axis >= rank) {
    n.error() << "axis " << axis << " is out of range for rank " << rank;
    return failure();
  }
  return axis < 0 ? axis + rank : axis;
}

FailureOr<SmallVector<Value>>
mlir::kiln::onnx_import::requiredInputs(NodeContext &n, int count) {
  SmallVector<Value> values;
  for (int i = 0; i < count; ++i) {
    FailureOr<Value> value = n.requiredInput(i);
    if (failed(value))
      return failure();
    values.push_back(*value);
  }
  return values;
}

FailureOr<double> mlir::kiln::onnx_import::constantScalar(NodeContext &n,
                                                          int index,
                                                          double otherwise) {
  if (!n.input(index))
    return otherwise;
  DenseElementsAttr dense = n.denseConstantInput(index);
  if (!dense) {
    n.notConstant(index);
    return failure();
  }
  if (dense.getNumElements() != 1) {
    n.error() << "input " << index << " must be a scalar";
    return failure();
  }
  Attribute value = *dense.getValues<Attribute>().begin();
  if (auto f = dyn_cast<FloatAttr>(value))
    return f.getValueAsDouble();
  if (auto i = dyn_cast<IntegerAttr>(value))
    return static_cast<double>(i.getType().isInteger(1) ||
                                       i.getType().isUnsignedInteger()
                                   ? i.getValue().getZExtValue()
                                   : i.getValue().getSExtValue());
  n.error() << "input " << index << " must be a numeric constant";
  return failure();
}

FailureOr<SmallVector<int64_t>>
mlir::kiln::onnx_import::getAxesOperand(NodeContext &n, int64_t inputFromOpset,
                                        int inputIndex) {
  if (n.opset < inputFromOpset) {
    if (auto axes = n.intsAttr("axes"))
      return *axes;
    return SmallVector<int64_t>();
  }
  if (!n.input(inputIndex))
    return SmallVector<int64_t>();
  return n.constantInts(inputIndex);
}

FailureOr<SmallVector<int64_t>>
mlir::kiln::onnx_import::normalizeAxes(NodeContext &n, ArrayRef<int64_t> axes,
                                       int64_t rank) {
  SmallVector<int64_t> result;
  for (int64_t axis : axes) {
    FailureOr<int64_t> a = normalizeAxis(n, axis, rank);
    if (failed(a))
      return failure();
    result.push_back(*a);
  }
  llvm::sort(result);
  result.erase(llvm::unique(result), result.end());
  return result;
}

Value mlir::kiln::onnx_import::keepDims(KilnBuilder &k, Value x,
                                        ArrayRef<int64_t> fullShape,
                                        ArrayRef<int64_t> reducedAxes) {
  SmallVector<int64_t> shape(fullShape);
  for (int64_t axis : reducedAxes)
    shape[axis] = 1;
  return k.reshape(x, shape);
}
