//===- DecomposePattern.h - Base of the kiln decomposition patterns -------===//
//
// Each decomposition is one function from an op to the values that replace
// its results, written with KilnBuilder; this base does the plumbing.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_TRANSFORMS_DECOMPOSE_DECOMPOSEPATTERN_H
#define KILN_LIB_TRANSFORMS_DECOMPOSE_DECOMPOSEPATTERN_H

#include "kiln/KilnBuilder.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir::kiln {

template <typename OpTy> struct DecomposePattern : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  /// The replacement values of `op`'s results, or an empty vector when
  /// this op is left alone.
  virtual SmallVector<Value> decompose(OpTy op, KilnBuilder &k) const = 0;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const final {
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    KilnBuilder k(b);
    SmallVector<Value> replacements = decompose(op, k);
    if (replacements.empty())
      return rewriter.notifyMatchFailure(op, "not decomposed");
    rewriter.replaceOp(op, replacements);
    return success();
  }
};

} // namespace mlir::kiln

#endif // KILN_LIB_TRANSFORMS_DECOMPOSE_DECOMPOSEPATTERN_H
