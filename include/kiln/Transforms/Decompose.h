//===- Decompose.h - Composite kiln ops to primitive kiln ops ---*- C++ -*-===//
//
// The rewrite patterns behind --kiln-decompose, for pipelines that want to
// mix them with their own patterns (KilnToLinalg runs them first).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TRANSFORMS_DECOMPOSE_H
#define KILN_TRANSFORMS_DECOMPOSE_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::kiln {

/// Adds every decomposition: reductions and softmax, normalizations,
/// attention, losses and optimizer updates.
void populateKilnDecompositionPatterns(RewritePatternSet &patterns);

/// Emits, at `b`'s insertion point, the decomposition of `op` (reading its
/// operands) one level deep, and returns the values equal to its results;
/// failure when `op` has no decomposition. `op` itself is left unchanged.
/// Autodiff differentiates composite ops through this.
FailureOr<SmallVector<Value>> emitDecomposition(Operation *op, OpBuilder &b);

void populateDecomposeReductionPatterns(RewritePatternSet &patterns);
void populateDecomposeNormalizationPatterns(RewritePatternSet &patterns);
void populateDecomposeAttentionPatterns(RewritePatternSet &patterns);
void populateDecomposeTrainingPatterns(RewritePatternSet &patterns);

} // namespace mlir::kiln

#endif // KILN_TRANSFORMS_DECOMPOSE_H
