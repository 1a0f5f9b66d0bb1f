//===- KilnBuilder.cpp - Terse construction of kiln op graphs -------------===//

#include "kiln/KilnBuilder.h"

#include "llvm/ADT/Sequence.h"

using namespace mlir;
using namespace mlir::kiln;

Value KilnBuilder::scalar(Type elementType, double value) {
  auto type = RankedTensorType::get({}, elementType);
  Attribute element;
  if (auto floatType = dyn_cast<FloatType>(elementType))
    element = b.getFloatAttr(floatType, value);
  else
    element = b.getIntegerAttr(elementType, static_cast<int64_t>(value));
  return ConstantOp::create(b, DenseElementsAttr::get(type, element));
}

Value KilnBuilder::cast(Value x, Type elementType) {
  auto type = llvm::cast<RankedTensorType>(x.getType());
  if (type.getElementType() == elementType)
    return x;
  return CastOp::create(b, type.clone(elementType), x);
}

Value KilnBuilder::reduceSum(Value x, ArrayRef<int64_t> dims, bool keepDims) {
  return ReduceSumOp::create(b, x, b.getDenseI64ArrayAttr(dims),
                             keepDims ? b.getUnitAttr() : nullptr);
}

Value KilnBuilder::reduceMax(Value x, ArrayRef<int64_t> dims, bool keepDims) {
  return ReduceMaxOp::create(b, x, b.getDenseI64ArrayAttr(dims),
                             keepDims ? b.getUnitAttr() : nullptr);
}

Value KilnBuilder::reduceMean(Value x, ArrayRef<int64_t> dims,
                              bool keepDims) {
  auto shape = llvm::cast<RankedTensorType>(x.getType()).getShape();
  int64_t count = 1;
  for (int64_t dim : dims)
    count *= shape[dim];
  Value sum = reduceSum(x, dims, keepDims);
  return div(sum, scalarLike(x, static_cast<double>(count)));
}

Value KilnBuilder::reshape(Value x, ArrayRef<int64_t> shape) {
  auto type = llvm::cast<RankedTensorType>(x.getType());
  if (type.getShape() == shape)
    return x;
  return ReshapeOp::create(b, type.clone(shape), x);
}

Value KilnBuilder::dot(Value l, Value r, ArrayRef<int64_t> lhsBatch,
                       ArrayRef<int64_t> rhsBatch,
                       ArrayRef<int64_t> lhsContract,
                       ArrayRef<int64_t> rhsContract) {
  auto dims = DotDimensionsAttr::get(b.getContext(), lhsBatch, rhsBatch,
                                     lhsContract, rhsContract);
  return DotOp::create(b, l, r, dims);
}

Value KilnBuilder::iota(ArrayRef<int64_t> shape, Type elementType,
                        int64_t dim) {
  return IotaOp::create(b, RankedTensorType::get(shape, elementType),
                        static_cast<uint64_t>(dim));
}

SmallVector<int64_t> KilnBuilder::allDims(Value x) {
  return llvm::to_vector(llvm::seq<int64_t>(
      0, llvm::cast<RankedTensorType>(x.getType()).getRank()));
}
