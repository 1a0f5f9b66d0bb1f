//===- FuseElementwise.cpp - The --kiln-fuse-elementwise pass -------------===//

#include "BodyCost.h"
#include "kiln/Conversion/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_FUSEELEMENTWISEPASS
#include "kiln/Conversion/Passes.h.inc"
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
bool shouldFuse(OpOperand *fusedOperand) {
  auto consumer = dyn_cast<linalg::LinalgOp>(fusedOperand->getOwner());
  if (!consumer)
    return false;
  Value produced = fusedOperand->get();
  auto producer = produced.getDefiningOp<linalg::LinalgOp>();
  bool cheap =
      producer && kiln::getBodyCost(*producer.getBlock()) <= kMaxRecomputedCost;
  if (!consumer.getMatchingIndexingMap(fusedOperand).isPermutation())
    return cheap && consumer.getNumReductionLoops() == 0;
  return !producer || produced.hasOneUse() || cheap;
}

struct FuseElementwisePass
    : kiln::impl::FuseElementwisePassBase<FuseElementwisePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    linalg::populateElementwiseOpsFusionPatterns(patterns,
                                                 shouldFuse);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns,
                                                      shouldFuse);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
