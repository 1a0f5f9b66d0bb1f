//===- FuseElementwise.cpp - The --kiln-fuse-elementwise pass -------------===//

#include "kiln/Codegen/Common/BodyCost.h"
#include "kiln/Codegen/Common/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "kiln-fuse-elementwise"

namespace mlir::kiln {
#define GEN_PASS_DEF_FUSEELEMENTWISEPASS
#include "kiln/Codegen/Common/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

/// Cost a producer's body may have and still be recomputed in a consumer
/// while its own result stays for other users (a bias add, a scale and a
/// mask); dearer producers are computed once and read.
constexpr int64_t kMaxRecomputedCost = 4;

/// Fuses when no dear producer is computed more often than before:
/// - a consumer that reads the fused operand through a permutation of all
///   its loops uses each produced element once; it may take the producer
///   when it is the result's only user, or when the producer is cheap;
/// - an elementwise consumer that broadcasts the operand (a causal mask
///   applied to every head) recomputes it per use, which only a cheap
///   producer may be; it saves writing and reading the operand.
/// Contractions never take a broadcast producer: a layer norm fused into
/// a matmul would be evaluated once per multiply-add.
/// A producer that stays for other users may add at most one transient
/// tensor (not an argument, not a constant) to what the consumer reads: a
/// bias add or a scale does, but a residual add (x1 = x0 + a1) does not,
/// since fusing one after another telescopes every consumer of the
/// residual stream into reading all the layer outputs so far (x4 = x0 + a1
/// + ... + a4), each kept alive to the last such consumer (a 55-input loop
/// in the 4-layer GPT training step) and added again each time.
bool addsAtMostOneTransient(linalg::LinalgOp producer,
                            linalg::LinalgOp consumer) {
  int64_t added = 0;
  for (Value input : producer.getDpsInputs()) {
    if (!isa<RankedTensorType>(input.getType()) || isa<BlockArgument>(input) ||
        (input.getDefiningOp() &&
         input.getDefiningOp()->hasTrait<OpTrait::ConstantLike>()))
      continue;
    if (!llvm::is_contained(consumer->getOperands(), input))
      ++added;
  }
  return added <= 1;
}

bool shouldFuse(OpOperand *fusedOperand) {
  auto consumer = dyn_cast<linalg::LinalgOp>(fusedOperand->getOwner());
  if (!consumer)
    return false;
  Value produced = fusedOperand->get();
  auto producer = produced.getDefiningOp<linalg::LinalgOp>();
  bool cheap =
      producer && kiln::getBodyCost(*producer.getBlock()) <= kMaxRecomputedCost;
  bool fuse;
  if (!consumer.getMatchingIndexingMap(fusedOperand).isPermutation())
    fuse = cheap && consumer.getNumReductionLoops() == 0 &&
           (produced.hasOneUse() || addsAtMostOneTransient(producer, consumer));
  else
    fuse = !producer || produced.hasOneUse() ||
           (cheap && addsAtMostOneTransient(producer, consumer));
  LLVM_DEBUG(
      llvm::dbgs() << "fuse-elementwise: " << (fuse ? "fuse" : "keep")
                   << " operand " << fusedOperand->getOperandNumber() << " of "
                   << consumer->getName() << " at " << consumer->getLoc()
                   << " (producer " << (cheap ? "cheap" : "costly") << ", "
                   << (produced.hasOneUse() ? "one use" : "shared") << ")\n");
  return fuse;
}

struct FuseElementwisePass
    : kiln::impl::FuseElementwisePassBase<FuseElementwisePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    linalg::populateElementwiseOpsFusionPatterns(patterns, shouldFuse);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, shouldFuse);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
