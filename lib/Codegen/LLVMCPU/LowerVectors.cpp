//===- LowerVectors.cpp - The --kiln-lower-vectors pass -------------------===//

#include "kiln/Codegen/LLVMCPU/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Hoisting.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_LOWERVECTORSPASS
#include "kiln/Codegen/LLVMCPU/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

struct LowerVectorsPass : kiln::impl::LowerVectorsPassBase<LowerVectorsPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    // On buffers, the accumulator block of a register-tiled matmul is read
    // and written at the same place in every K step: move both out of the
    // loop so that it lives in registers.
    linalg::hoistRedundantVectorTransfers(getOperation(),
                                          /*verifyNonZeroTrip=*/true);
    // Contractions first, before the broadcast and shape-cast lowerings
    // can take their operands apart: outer products keep the accumulator
    // rows as separate 1-D vectors, which become FMAs.
    {
      RewritePatternSet patterns(context);
      vector::populateVectorContractLoweringPatterns(
          patterns, vector::VectorContractLowering::OuterProduct);
      if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
        return signalPassFailure();
    }
    RewritePatternSet patterns(context);
    vector::populateVectorOuterProductLoweringPatterns(patterns);
    vector::populateVectorBroadcastLoweringPatterns(patterns);
    vector::populateVectorShapeCastLoweringPatterns(patterns);
    vector::populateVectorMultiReductionLoweringPatterns(
        patterns, vector::VectorMultiReductionLowering::InnerParallel);
    vector::populateVectorTransferLoweringPatterns(patterns,
                                                   /*maxTransferRank=*/1);
    vector::populateVectorTransposeLoweringPatterns(
        patterns, vector::VectorTransposeLowering::EltWise);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
