//===- ShapeInference.h - Shared shape rules of kiln ops --------*- C++ -*-===//
//
// Shape and type rules shared by the inference and verifiers of several kiln
// ops, and by passes (importer, autodiff) that need the same rules.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_SHAPEINFERENCE_H
#define KILN_SHAPEINFERENCE_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OpDefinition.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>

namespace mlir::kiln {

/// Formats a shape as "[2, 3]" for diagnostics.
std::string formatShape(ArrayRef<int64_t> shape);

/// Formats a number in its shortest exact form ("0.5", "1", "1e-08").
std::string formatNumber(double value);

/// Emits "'<opName>' op <args...>" at `location`, when there is one, and
/// returns failure. Type inference runs without an op, so its errors name
/// the op themselves to read like verifier errors.
template <typename... Args>
LogicalResult emitInferError(std::optional<Location> location, StringRef opName,
                             Args &&...args) {
  return emitOptionalError(location, "'", opName, "' op ",
                           std::forward<Args>(args)...);
}

/// The NumPy broadcast of `shapes`, or std::nullopt when two dimensions
/// differ and neither is 1.
std::optional<SmallVector<int64_t>>
broadcastShapes(ArrayRef<ArrayRef<int64_t>> shapes);

/// True when `from` broadcasts to exactly `to` (NumPy rules).
bool isBroadcastableTo(ArrayRef<int64_t> from, ArrayRef<int64_t> to);

/// Infers the result of an elementwise op whose operands share one element
/// type and broadcast together; the result element type is
/// `resultElementType` when given, else the operands'.
LogicalResult inferBroadcastElementwise(std::optional<Location> location,
                                        StringRef opName,
                                        ArrayRef<Type> operandTypes,
                                        Type resultElementType,
                                        SmallVectorImpl<Type> &inferred);

/// Checks that `dims` are distinct and each in [0, rank).
LogicalResult checkDimList(std::optional<Location> location, StringRef opName,
                           StringRef what, ArrayRef<int64_t> dims,
                           int64_t rank);

/// Checks 0 <= dim < rank for a single-dimension attribute named `name`.
LogicalResult verifyDimInRange(Operation *op, StringRef name, int64_t dim,
                               int64_t rank);

/// Infers the result of reducing `type` over `dims` (kept with size 1 when
/// `keepDims`), with element type `elementType`.
LogicalResult inferReduction(std::optional<Location> location, StringRef opName,
                             RankedTensorType type, ArrayRef<int64_t> dims,
                             bool keepDims, Type elementType,
                             SmallVectorImpl<Type> &inferred);

/// Folds a reduction over no dimensions to its operand.
OpFoldResult foldEmptyReduction(Operation *op, ArrayRef<int64_t> dims);

/// The output size of one spatial dimension of a window op, or a negative
/// number when the (dilated) window does not fit the padded input.
int64_t windowOutputSize(int64_t input, int64_t window, int64_t stride,
                         int64_t padLow, int64_t padHigh, int64_t dilation);

/// Checks the attributes of a 2-D window op: `sizes` (window or dilation)
/// and `strides` hold 2 positive entries and `padding` 4 non-negative ones.
LogicalResult checkWindowAttributes(std::optional<Location> location,
                                    StringRef opName, StringRef sizesName,
                                    ArrayRef<int64_t> sizes,
                                    ArrayRef<int64_t> strides,
                                    ArrayRef<int64_t> padding);

/// Infers the NCHW result of a 2-D pooling op.
LogicalResult inferPool2D(std::optional<Location> location, StringRef opName,
                          RankedTensorType input, ArrayRef<int64_t> window,
                          ArrayRef<int64_t> strides, ArrayRef<int64_t> padding,
                          SmallVectorImpl<Type> &inferred);

} // namespace mlir::kiln

#endif // KILN_SHAPEINFERENCE_H
