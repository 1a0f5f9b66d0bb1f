//===- Im2Col.cpp - The --kiln-im2col pass --------------------------------===//

#include "kiln/Conversion/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_IM2COLPASS
#include "kiln/Conversion/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

struct Im2ColPass : kiln::impl::Im2ColPassBase<Im2ColPass> {
  void runOnOperation() override {
    SmallVector<linalg::Conv2DNchwFchwOp> convolutions;
    getOperation()->walk([&](linalg::Conv2DNchwFchwOp conv) {
      auto type = dyn_cast<RankedTensorType>(conv.getResult(0).getType());
      if (conv.hasPureTensorSemantics() && type && type.hasStaticShape() &&
          type.getElementType().isF32())
        convolutions.push_back(conv);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::Conv2DNchwFchwOp conv : convolutions) {
      rewriter.setInsertionPoint(conv);
      // A convolution upstream cannot rewrite stays as it is.
      (void)linalg::rewriteInIm2Col(rewriter, conv);
    }
  }
};

} // namespace
