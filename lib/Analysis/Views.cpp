//===- Views.cpp - Ops that alias their operand ---------------------------===//

#include "kiln/Analysis/Views.h"

#include "kiln/KilnOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace mlir::kiln;

bool mlir::kiln::isViewOfOperand(Operation *op) {
  return isa<ReshapeOp, tensor::CollapseShapeOp, tensor::ExpandShapeOp,
             tensor::CastOp, tensor::ExtractSliceOp>(op);
}

Value mlir::kiln::stripViews(Value value) {
  while (Operation *op = value.getDefiningOp()) {
    if (!isViewOfOperand(op))
      break;
    value = op->getOperand(0);
  }
  return value;
}

SmallVector<Operation *> mlir::kiln::readersThroughViews(Value value,
                                                         bool withViews) {
  llvm::SetVector<Operation *> readers;
  SmallVector<Value> aliases = {value};
  while (!aliases.empty()) {
    Value alias = aliases.pop_back_val();
    for (OpOperand &use : alias.getUses()) {
      Operation *user = use.getOwner();
      bool view = isViewOfOperand(user) && use.getOperandNumber() == 0;
      if (view)
        aliases.push_back(user->getResult(0));
      if (!view || withViews)
        readers.insert(user);
    }
  }
  return readers.takeVector();
}
