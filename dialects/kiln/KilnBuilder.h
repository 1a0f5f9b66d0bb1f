//===- KilnBuilder.h - Terse construction of kiln op graphs -----*- C++ -*-===//
//
// A thin wrapper over ImplicitLocOpBuilder for code that emits many kiln ops
// in a row (decompositions, the importer, autodiff): scalars of a tensor's
// element type, arithmetic with NumPy broadcasting, reductions and reshapes,
// each one call. Everything it builds is an ordinary kiln op, so the result
// verifies and folds like hand-written IR.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_KILNBUILDER_H
#define KILN_KILNBUILDER_H

#include "kiln/KilnOps.h"

#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/TypeUtilities.h"

namespace mlir::kiln {

class KilnBuilder {
public:
  explicit KilnBuilder(ImplicitLocOpBuilder &b) : b(b) {}

  ImplicitLocOpBuilder &builder() { return b; }

  /// A 0-d constant of `elementType` (float or integer) holding `value`.
  Value scalar(Type elementType, double value);
  /// A 0-d constant with the element type of `like`.
  Value scalarLike(Value like, double value) {
    return scalar(getElementTypeOrSelf(like.getType()), value);
  }

  Value add(Value l, Value r) { return AddOp::create(b, l, r); }
  Value sub(Value l, Value r) { return SubOp::create(b, l, r); }
  Value mul(Value l, Value r) { return MulOp::create(b, l, r); }
  Value div(Value l, Value r) { return DivOp::create(b, l, r); }
  Value pow(Value l, Value r) { return PowOp::create(b, l, r); }
  Value neg(Value x) { return NegOp::create(b, x); }
  Value exp(Value x) { return ExpOp::create(b, x); }
  Value log(Value x) { return LogOp::create(b, x); }
  Value sqrt(Value x) { return SqrtOp::create(b, x); }
  Value rsqrt(Value x) { return RsqrtOp::create(b, x); }
  Value compare(CompareDirection direction, Value l, Value r) {
    return CompareOp::create(b, direction, l, r);
  }
  Value select(Value condition, Value onTrue, Value onFalse) {
    return SelectOp::create(b, condition, onTrue, onFalse);
  }
  /// Converts every element to `elementType`, keeping the shape.
  Value cast(Value x, Type elementType);

  Value reduceSum(Value x, ArrayRef<int64_t> dims, bool keepDims);
  Value reduceMax(Value x, ArrayRef<int64_t> dims, bool keepDims);
  /// Sum divided by the number of reduced elements.
  Value reduceMean(Value x, ArrayRef<int64_t> dims, bool keepDims);
  /// Reduces over every dimension to a 0-d tensor.
  Value sumAll(Value x) { return reduceSum(x, allDims(x), false); }
  Value meanAll(Value x) { return reduceMean(x, allDims(x), false); }

  Value softmax(Value x, int64_t dim) { return SoftmaxOp::create(b, x, dim); }
  Value logSoftmax(Value x, int64_t dim) {
    return LogSoftmaxOp::create(b, x, dim);
  }
  Value reshape(Value x, ArrayRef<int64_t> shape);
  Value dot(Value l, Value r, ArrayRef<int64_t> lhsBatch,
            ArrayRef<int64_t> rhsBatch, ArrayRef<int64_t> lhsContract,
            ArrayRef<int64_t> rhsContract);
  /// `iota dim` over `shape` with element type `elementType`.
  Value iota(ArrayRef<int64_t> shape, Type elementType, int64_t dim);
  /// Result dimension i is dimension permutation[i] of `x`; `x` itself when
  /// the permutation is the identity.
  Value transpose(Value x, ArrayRef<int64_t> permutation);
  /// The elements start, start + stride, ... below limit in every dimension.
  Value slice(Value x, ArrayRef<int64_t> start, ArrayRef<int64_t> limit,
              ArrayRef<int64_t> stride);
  /// Pads with `value` (non-negative amounts).
  Value pad(Value x, ArrayRef<int64_t> low, ArrayRef<int64_t> high,
            double value = 0.0);
  /// Pads where an amount is positive and crops where it is negative.
  Value padOrCrop(Value x, ArrayRef<int64_t> low, ArrayRef<int64_t> high);
  /// Broadcasts `x` (NumPy rules) to `shape`; `x` when already that shape.
  Value broadcastTo(Value x, ArrayRef<int64_t> shape);
  Value concat(ValueRange inputs, int64_t dim);
  /// A splat constant of `type` (float or integer elements).
  Value splat(RankedTensorType type, double value);

  /// [0, 1, ..., rank(x) - 1].
  static SmallVector<int64_t> allDims(Value x);

private:
  ImplicitLocOpBuilder &b;
};

} // namespace mlir::kiln

#endif // KILN_KILNBUILDER_H
