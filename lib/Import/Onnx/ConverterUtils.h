//===- ConverterUtils.h - Helpers the ONNX converters share -----*- C++ -*-===//

#ifndef KILN_LIB_IMPORT_ONNX_CONVERTERUTILS_H
#define KILN_LIB_IMPORT_ONNX_CONVERTERUTILS_H

#include "NodeContext.h"

#include "kiln/KilnBuilder.h"
#include "kiln/KilnOps.h"

namespace mlir::kiln::onnx_import {

inline RankedTensorType typeOf(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// The most elements a converter materializes as a constant of its own
/// (DFT twiddle factors, pooling index bases, EyeLike): a model whose
/// shapes ask for more is rejected, not compiled with gigabytes of IR.
constexpr int64_t kMaxMaterializedElements = int64_t{1} << 24;

/// Fails at the node when `rows` x `columns` elements of `what` would
/// exceed kMaxMaterializedElements.
LogicalResult checkMaterialized(NodeContext &n, int64_t rows, int64_t columns,
                                StringRef what);

/// A negative axis counts from the end (ONNX's convention); fails outside
/// [-rank, rank).
FailureOr<int64_t> normalizeAxis(NodeContext &n, int64_t axis, int64_t rank);

/// Inputs 0 .. count-1, all required; fails (reported) when one is absent.
FailureOr<SmallVector<Value>> requiredInputs(NodeContext &n, int count);

/// Input `index` as one constant number (a 0-d or one-element tensor), or
/// `otherwise` when the input is absent; fails when it is given but not a
/// constant.
FailureOr<double> constantScalar(NodeContext &n, int index, double otherwise);

/// The axes of a reduction-like node: the `axes` attribute before
/// `inputFromOpset`, input `inputIndex` from it on; empty when absent.
FailureOr<SmallVector<int64_t>>
getAxesOperand(NodeContext &n, int64_t inputFromOpset, int inputIndex = 1);

/// `axes` normalized (negative counts from the end), sorted and unique.
FailureOr<SmallVector<int64_t>>
normalizeAxes(NodeContext &n, ArrayRef<int64_t> axes, int64_t rank);

/// The size-1 axes `x` has, inserted as `expanded` (sorted): `x` reshaped.
Value keepDims(KilnBuilder &k, Value x, ArrayRef<int64_t> fullShape,
               ArrayRef<int64_t> reducedAxes);

} // namespace mlir::kiln::onnx_import

#endif // KILN_LIB_IMPORT_ONNX_CONVERTERUTILS_H
