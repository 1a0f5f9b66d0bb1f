//===- ExpandBf16Casts.cpp - The --kiln-expand-bf16-casts pass ------------===//

#include "kiln/Codegen/LLVMCPU/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_EXPANDBF16CASTSPASS
#include "kiln/Codegen/LLVMCPU/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// f64 -> bf16 as f64 -> f32 -> bf16: upstream's expansion starts from
/// f32 only.
struct TruncF64ToBf16 : OpRewritePattern<arith::TruncFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::TruncFOp op,
                                PatternRewriter &rewriter) const final {
    Type from = getElementTypeOrSelf(op.getIn().getType());
    Type to = getElementTypeOrSelf(op.getType());
    if (!to.isBF16() || from.getIntOrFloatBitWidth() <= 32)
      return failure();
    Type f32 = rewriter.getF32Type();
    Type narrowed = f32;
    if (auto shaped = dyn_cast<ShapedType>(op.getType()))
      narrowed = shaped.clone(f32);
    Value single =
        arith::TruncFOp::create(rewriter, op.getLoc(), narrowed, op.getIn());
    rewriter.replaceOpWithNewOp<arith::TruncFOp>(op, op.getType(), single);
    return success();
  }
};

struct ExpandBf16CastsPass
    : kiln::impl::ExpandBf16CastsPassBase<ExpandBf16CastsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<TruncF64ToBf16>(&getContext());
    arith::populateExpandBFloat16Patterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
