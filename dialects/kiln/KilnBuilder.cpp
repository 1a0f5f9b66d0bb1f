//===- KilnBuilder.cpp - Terse construction of kiln op graphs -------------===//

#include "kiln/KilnBuilder.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/Sequence.h"

using namespace mlir;
using namespace mlir::kiln;

Value KilnBuilder::scalar(Type elementType, double value) {
  return splat(RankedTensorType::get({}, elementType), value);
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

Value KilnBuilder::reduceMean(Value x, ArrayRef<int64_t> dims, bool keepDims) {
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

Value KilnBuilder::transpose(Value x, ArrayRef<int64_t> permutation) {
  if (llvm::equal(permutation, llvm::seq<int64_t>(0, permutation.size())))
    return x;
  return TransposeOp::create(b, x, b.getDenseI64ArrayAttr(permutation));
}

Value KilnBuilder::slice(Value x, ArrayRef<int64_t> start,
                         ArrayRef<int64_t> limit, ArrayRef<int64_t> stride) {
  auto shape = llvm::cast<RankedTensorType>(x.getType()).getShape();
  bool whole = true;
  for (auto [size, first, last, step] :
       llvm::zip_equal(shape, start, limit, stride))
    whole &= first == 0 && last == size && step == 1;
  if (whole)
    return x;
  return SliceOp::create(b, x, b.getDenseI64ArrayAttr(start),
                         b.getDenseI64ArrayAttr(limit),
                         b.getDenseI64ArrayAttr(stride));
}

Value KilnBuilder::pad(Value x, ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                       double value) {
  if (llvm::all_of(low, [](int64_t v) { return v == 0; }) &&
      llvm::all_of(high, [](int64_t v) { return v == 0; }))
    return x;
  Type elementType = getElementTypeOrSelf(x.getType());
  TypedAttr padValue;
  if (auto floatType = dyn_cast<FloatType>(elementType))
    padValue = b.getFloatAttr(floatType, value);
  else
    padValue = b.getIntegerAttr(elementType, static_cast<int64_t>(value));
  return PadOp::create(b, x, b.getDenseI64ArrayAttr(low),
                       b.getDenseI64ArrayAttr(high), padValue);
}

Value KilnBuilder::padOrCrop(Value x, ArrayRef<int64_t> low,
                             ArrayRef<int64_t> high) {
  auto shape = llvm::cast<RankedTensorType>(x.getType()).getShape();
  SmallVector<int64_t> start, limit, stride(shape.size(), 1);
  SmallVector<int64_t> padLow, padHigh;
  for (auto [size, lo, hi] : llvm::zip_equal(shape, low, high)) {
    start.push_back(std::max<int64_t>(-lo, 0));
    limit.push_back(size - std::max<int64_t>(-hi, 0));
    padLow.push_back(std::max<int64_t>(lo, 0));
    padHigh.push_back(std::max<int64_t>(hi, 0));
  }
  return pad(slice(x, start, limit, stride), padLow, padHigh);
}

Value KilnBuilder::broadcastTo(Value x, ArrayRef<int64_t> shape) {
  auto type = llvm::cast<RankedTensorType>(x.getType());
  if (type.getShape() == shape)
    return x;
  return BroadcastOp::create(b, type.clone(shape), x);
}

Value KilnBuilder::concat(ValueRange inputs, int64_t dim) {
  if (inputs.size() == 1)
    return inputs.front();
  return ConcatOp::create(b, inputs, b.getI64IntegerAttr(dim));
}

/// `value` in an integer type, rounded toward zero and saturated at the
/// type's bounds: the infinities that are the identities of max and min
/// reductions become its smallest and largest values (a plain cast of
/// infinity is undefined), NaN zero.
static APInt toInteger(Type type, double value) {
  unsigned width = type.getIntOrFloatBitWidth();
  llvm::APSInt result(width,
                      /*isUnsigned=*/type.isUnsignedInteger() || width == 1);
  bool exact = false;
  (void)llvm::APFloat(value).convertToInteger(
      result, llvm::APFloat::rmTowardZero, &exact);
  return result;
}

Value KilnBuilder::splat(RankedTensorType type, double value) {
  Attribute element;
  if (auto floatType = dyn_cast<FloatType>(type.getElementType()))
    element = b.getFloatAttr(floatType, value);
  else
    element = b.getIntegerAttr(type.getElementType(),
                               toInteger(type.getElementType(), value));
  return ConstantOp::create(b, DenseElementsAttr::get(type, element));
}

SmallVector<int64_t> KilnBuilder::allDims(Value x) {
  return llvm::to_vector(llvm::seq<int64_t>(
      0, llvm::cast<RankedTensorType>(x.getType()).getRank()));
}
