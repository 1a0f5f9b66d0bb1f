//===- KilnToLinalg.cpp - The --convert-kiln-to-linalg pass ---------------===//

#include "kiln/Conversion/KilnToLinalg.h"
#include "kiln/Conversion/Passes.h"
#include "kiln/KilnDialect.h"
#include "kiln/KilnOps.h"
#include "kiln/Transforms/Decompose.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_CONVERTKILNTOLINALGPASS
#include "kiln/Conversion/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

void mlir::kiln::populateKilnToLinalgPatterns(RewritePatternSet &patterns) {
  populateElementwiseToLinalgPatterns(patterns);
  populateTensorOpsToLinalgPatterns(patterns);
  populateContractionToLinalgPatterns(patterns);
  populateReductionToLinalgPatterns(patterns);
}

namespace {

struct ConvertKilnToLinalgPass
    : kiln::impl::ConvertKilnToLinalgPassBase<ConvertKilnToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet decompositions(context);
    populateKilnDecompositionPatterns(decompositions);
    GreedyRewriteConfig config;
    // Only decompose here: folding kiln ops is canonicalization's job, and
    // leaving it out keeps this pass's output predictable.
    config.enableFolding(false);
    if (failed(applyPatternsGreedily(getOperation(), std::move(decompositions),
                                     config)))
      return signalPassFailure();

    ConversionTarget target(*context);
    target.addIllegalDialect<KilnDialect>();
    // Stays until kiln-drop-optimization-barriers, after the last CSE.
    target.addLegalOp<kiln::OptimizationBarrierOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(context);
    populateKilnToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
