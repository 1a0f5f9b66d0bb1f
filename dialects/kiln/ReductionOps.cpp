//===- ReductionOps.cpp - Kiln argmax -------------------------------------===//
//
// Verifier of argmax. The reduce_* ops and softmax share their rules through
// ShapeInference.h (see ReductionOps.td).
//
//===----------------------------------------------------------------------===//

#include "kiln/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;

LogicalResult ArgMaxOp::verify() {
  auto type = cast<RankedTensorType>(getOperand().getType());
  if (failed(verifyDimInRange(getOperation(), "dim", getDim(), type.getRank())))
    return failure();
  SmallVector<Type> expected;
  if (failed(inferReduction(getLoc(), getOperationName(), type,
                            {static_cast<int64_t>(getDim())}, getKeepDims(),
                            getType().getElementType(), expected)))
    return failure();
  if (expected.front() != getType())
    return emitOpError() << "result type " << getType() << " should be "
                         << expected.front();
  return success();
}
