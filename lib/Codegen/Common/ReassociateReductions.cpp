//===- ReassociateReductions.cpp - The --kiln-reassociate-reductions pass -===//

#include "kiln/Codegen/Common/Passes.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_REASSOCIATEREDUCTIONSPASS
#include "kiln/Codegen/Common/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

/// Whether `op` combines partial results in a way that stays a reduction
/// when the order changes (up to rounding for the sums and products).
bool isReassociableCombiner(Operation *op) {
  return isa<arith::AddFOp, arith::MulFOp, arith::MaximumFOp, arith::MinimumFOp,
             arith::MaxNumFOp, arith::MinNumFOp>(op);
}

/// Adds `reassoc` to the single floating-point combiner of each output of
/// `linalgOp`, if it has one.
void markCombiners(linalg::LinalgOp linalgOp) {
  Block::BlockArgListType outputs = linalgOp.getRegionOutputArgs();
  for (unsigned position = 0; position < outputs.size(); ++position) {
    SmallVector<Operation *> combiners;
    if (!matchReduction(outputs, position, combiners) ||
        combiners.size() != 1 || !isReassociableCombiner(combiners[0]))
      continue;
    auto fastMath = cast<arith::ArithFastMathInterface>(combiners[0]);
    arith::FastMathFlags flags = arith::FastMathFlags::reassoc;
    if (arith::FastMathFlagsAttr old = fastMath.getFastMathFlagsAttr())
      flags = flags | old.getValue();
    combiners[0]->setAttr(
        fastMath.getFastMathAttrName(),
        arith::FastMathFlagsAttr::get(linalgOp.getContext(), flags));
  }
}

struct ReassociateReductionsPass
    : kiln::impl::ReassociateReductionsPassBase<ReassociateReductionsPass> {
  void runOnOperation() override {
    // Named ops (matmul, convolutions) rebuild their bodies when printed
    // and parsed, so only ops with an explicit body are marked.
    getOperation()->walk([](Operation *op) {
      if (isa<linalg::GenericOp, linalg::ReduceOp>(op) &&
          cast<linalg::LinalgOp>(op).getNumReductionLoops() > 0)
        markCombiners(cast<linalg::LinalgOp>(op));
    });
  }
};

} // namespace
