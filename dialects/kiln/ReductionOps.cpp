//===- ReductionOps.cpp - Kiln argmax and argmin -------------------------===//
//
// Verifier of argmax and argmin. The reduce_* ops and softmax share their rules
// through ShapeInference.h (see ReductionOps.td).
//
//===----------------------------------------------------------------------===//

#include "kiln/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;

template <typename OpTy> static LogicalResult verifyArgExtreme(OpTy op) {
  auto type = cast<RankedTensorType>(op.getOperand().getType());
  if (failed(verifyDimInRange(op.getOperation(), "dim", op.getDim(),
                              type.getRank())))
    return failure();
  SmallVector<Type> expected;
  if (failed(inferReduction(op.getLoc(), op.getOperationName(), type,
                            {static_cast<int64_t>(op.getDim())},
                            op.getKeepDims(), op.getType().getElementType(),
                            expected)))
    return failure();
  if (expected.front() != op.getType())
    return op.emitOpError() << "result type " << op.getType() << " should be "
                            << expected.front();
  return success();
}

LogicalResult ArgMaxOp::verify() { return verifyArgExtreme(*this); }
LogicalResult ArgMinOp::verify() { return verifyArgExtreme(*this); }
