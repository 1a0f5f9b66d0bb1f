//===- Decompose.cpp - The --kiln-decompose pass --------------------------===//

#include "kiln/Transforms/Decompose.h"
#include "kiln/Transforms/Passes.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_DECOMPOSEPASS
#include "kiln/Transforms/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

void mlir::kiln::populateKilnDecompositionPatterns(
    RewritePatternSet &patterns) {
  populateDecomposeReductionPatterns(patterns);
  populateDecomposeNormalizationPatterns(patterns);
  populateDecomposeAttentionPatterns(patterns);
  populateDecomposeTrainingPatterns(patterns);
}

namespace {

struct DecomposePass : kiln::impl::DecomposePassBase<DecomposePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateKilnDecompositionPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
