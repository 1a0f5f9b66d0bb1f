//===- LoweringUtils.h - Shared pieces of the kiln-to-linalg lowering -----===//
//
// Broadcasting indexing maps, elementwise linalg.generic construction, and
// scalar arithmetic that dispatches on float vs integer element types.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_CONVERSION_KILNTOLINALG_LOWERINGUTILS_H
#define KILN_LIB_CONVERSION_KILNTOLINALG_LOWERINGUTILS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

namespace mlir::kiln {

/// Builds the scalar result of one element from the block arguments of the
/// generic (one per input, in order).
using ScalarBuilder =
    function_ref<Value(OpBuilder &, Location, ValueRange inputs)>;

/// The map from the loops of a `result`-shaped iteration space to `operand`
/// under NumPy broadcasting: trailing dimensions align, and an operand
/// dimension of size 1 against a larger result dimension reads index 0.
AffineMap getBroadcastMap(RankedTensorType operand, RankedTensorType result);

/// A `tensor.empty` of `type`.
Value createEmpty(OpBuilder &b, Location loc, RankedTensorType type);

/// A `linalg.fill` of a fresh tensor of `type` with `value`.
Value createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                   TypedAttr value);

/// An all-parallel linalg.generic producing `resultType` from `inputs`
/// (each broadcast to the result shape) with `body` computing one element.
Value createElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                        ValueRange inputs, ScalarBuilder body);

/// A scalar attribute of `type` (float or integer) holding `value`.
TypedAttr getScalarAttr(Type type, double value);

/// The largest (`max = true`) or smallest value of an element type: the
/// infinities for floats, the signed bounds for integers.
TypedAttr getExtremeAttr(Type type, bool max);

/// `value` converted to `to` with kiln.cast's semantics (saturating
/// float-to-integer with NaN to 0, sign-extending integers, `!= 0` to i1).
Value castScalar(OpBuilder &b, Location loc, Value value, Type to);

/// An integer index into a dimension of `size` as an `index` position:
/// negative values wrap once (numpy.take); with `clamp`, the result is then
/// clamped into [0, size).
Value toPosition(OpBuilder &b, Location loc, Value value, int64_t size,
                 bool clamp);

/// Reshapes `value` to `type` (same element count) with a collapse, an
/// expand, or a collapse to 1-D followed by an expand.
Value reshapeTensor(OpBuilder &b, Location loc, Value value,
                    RankedTensorType type);

} // namespace mlir::kiln

#endif // KILN_LIB_CONVERSION_KILNTOLINALG_LOWERINGUTILS_H
