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

/// Remembers what a pattern replaced its root with.
struct ReplacementListener : RewriterBase::Listener {
  SmallVector<Value> replacement;
  void notifyOperationReplaced(Operation *, ValueRange values) override {
    replacement.assign(values.begin(), values.end());
  }
};

} // namespace

FailureOr<SmallVector<Value>> mlir::kiln::emitDecomposition(Operation *op,
                                                            OpBuilder &b) {
  RewritePatternSet patterns(op->getContext());
  populateKilnDecompositionPatterns(patterns);
  Operation *copy = b.clone(*op);
  ReplacementListener listener;
  PatternRewriter rewriter(op->getContext());
  rewriter.setListener(&listener);
  for (const std::unique_ptr<RewritePattern> &pattern :
       patterns.getNativePatterns()) {
    if (pattern->getRootKind() != copy->getName())
      continue;
    rewriter.setInsertionPoint(copy);
    if (succeeded(pattern->matchAndRewrite(copy, rewriter)))
      return listener.replacement;
  }
  copy->erase();
  return failure();
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
