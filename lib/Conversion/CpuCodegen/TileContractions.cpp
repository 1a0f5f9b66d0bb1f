//===- TileContractions.cpp - The --kiln-tile-contractions pass -----------===//

#include "kiln/Conversion/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_TILECONTRACTIONSPASS
#include "kiln/Conversion/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

struct TileContractionsPass
    : kiln::impl::TileContractionsPassBase<TileContractionsPass> {
  using TileContractionsPassBase::TileContractionsPassBase;

  void runOnOperation() override {
    SmallVector<int64_t> block(registerTile.begin(), registerTile.end());
    if (block.empty())
      block = {8, 32, 1};
    if (block.size() != 3) {
      getOperation()->emitError("kiln-tile-contractions: register-tile "
                                "takes three sizes (M, N, K)");
      return signalPassFailure();
    }
    SmallVector<linalg::LinalgOp> products;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (isa<linalg::MatmulOp, linalg::BatchMatmulOp>(op) &&
          op.hasPureTensorSemantics())
        products.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : products) {
      SmallVector<int64_t> sizes = block;
      if (isa<linalg::BatchMatmulOp>(op))
        sizes.insert(sizes.begin(), 1);
      SmallVector<int64_t> bounds = op.getStaticLoopRanges();
      bool divides = true;
      for (auto [bound, size] : llvm::zip(bounds, sizes))
        divides &= !ShapedType::isDynamic(bound) && bound % size == 0;
      if (!divides)
        continue;
      rewriter.setInsertionPoint(op);
      scf::SCFTilingOptions options;
      options.setTileSizes(getAsIndexOpFoldResult(&getContext(), sizes));
      FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
          rewriter, cast<TilingInterface>(op.getOperation()), options);
      if (failed(tiled))
        continue;
      rewriter.replaceOp(op, tiled->replacements);
      for (Operation *block : tiled->tiledOps) {
        rewriter.setInsertionPoint(block);
        FailureOr<linalg::VectorizationResult> vectorized =
            linalg::vectorize(rewriter, block, /*inputVectorSizes=*/{},
                              /*inputScalableVecDims=*/{},
                              /*vectorizeNDExtract=*/false,
                              /*flatten1DDepthwiseConv=*/false,
                              /*assumeDynamicDimsMatchVecSizes=*/false,
                              /*createNamedContraction=*/true);
        if (succeeded(vectorized))
          rewriter.replaceOp(block, vectorized->replacements);
      }
      // The innermost loop is the K loop: keep the accumulator block in
      // registers across it.
      // Keep the result block's slice out of the K loop; its vector read
      // and write are hoisted after bufferization (kiln-lower-vectors).
      hoistLoopInvariantSubsets(rewriter, tiled->loops.back());
    }
  }
};

} // namespace
