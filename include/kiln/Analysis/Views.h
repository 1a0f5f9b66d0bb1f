//===- Views.h - Ops that alias their operand ----------------*- C++ -*-===//
//
// Reshapes, casts and slices bufferize to views of their operand: reading
// one reads the operand's buffer. The memory analysis, rematerialization,
// and the scheduling and donation of in-place updates all look through
// them, at kiln level (kiln.reshape) and on linalg (the tensor ops).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_ANALYSIS_VIEWS_H
#define KILN_ANALYSIS_VIEWS_H

#include "mlir/IR/Operation.h"

namespace mlir::kiln {

/// Whether `op`'s result is a view of its first operand once bufferized:
/// kiln.reshape, tensor.collapse_shape, tensor.expand_shape, tensor.cast,
/// tensor.extract_slice.
bool isViewOfOperand(Operation *op);

/// `value` seen through such views.
Value stripViews(Value value);

/// The ops that read `value` or a view of it, each once; the views
/// themselves are among them when `withViews`.
SmallVector<Operation *> readersThroughViews(Value value, bool withViews);

} // namespace mlir::kiln

#endif // KILN_ANALYSIS_VIEWS_H
