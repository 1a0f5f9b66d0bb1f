//===- PlanCost.cpp - Compute time of a sharded op ------------------------===//
//
// The compute half of the cost model (see PlanCost.h); the communication
// half is Reshard.cpp's, and explainPlan, which adds both up over a
// function, lives with the report it writes in ShardExplain.cpp.
//
//===----------------------------------------------------------------------===//

#include "kiln/Transforms/Sharding/PlanCost.h"

using namespace mlir;
using namespace mlir::kiln;

double mlir::kiln::getOpFlops(Operation *op, const OpShardingRule &rule) {
  double points = 1;
  for (int64_t size : rule.factorSizes)
    points *= double(size);
  // Attention: q k^T over the key width, then p v over the value width;
  // its backward recomputes q k^T and takes four more products: dp and dv
  // over the value width, dq and dk over the key width.
  if (isa<AttentionOp, AttentionLseOp, AttentionGradOp>(op)) {
    auto query = cast<RankedTensorType>(op->getOperand(0).getType());
    auto value = cast<RankedTensorType>(op->getOperand(2).getType());
    int64_t width = query.getDimSize(3), valueWidth = value.getDimSize(3);
    double scores = points / double(width * valueWidth);
    if (isa<AttentionGradOp>(op))
      return 2 * scores * double(3 * width + 2 * valueWidth);
    return 2 * scores * double(width + valueWidth);
  }
  // A contraction (matmul, convolution) multiplies and adds at every point
  // of its iteration space.
  if (op->getNumOperands() >= 2 &&
      llvm::is_contained(rule.factorKinds, FactorKind::Reduction))
    return 2 * points;
  // Anything else does about one operation per element it reads or
  // writes.
  double elements = 0;
  for (Type type :
       llvm::concat<Type>(op->getOperandTypes(), op->getResultTypes()))
    if (auto tensor = dyn_cast<RankedTensorType>(type))
      elements = std::max(elements, double(tensor.getNumElements()));
  return elements;
}

double mlir::kiln::getComputeSeconds(
    Operation *op, const OpShardingRule &rule, MeshAttr mesh,
    ArrayRef<SmallVector<StringAttr>> factorAxes, double flopsPerSecond) {
  double parts = 1;
  for (ArrayRef<StringAttr> axes : factorAxes)
    for (StringAttr axis : axes)
      parts *= double(mesh.getAxisSize(axis.getValue()).value_or(1));
  return getOpFlops(op, rule) / parts / flopsPerSecond;
}
