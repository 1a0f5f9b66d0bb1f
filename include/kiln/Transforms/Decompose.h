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

void populateDecomposeReductionPatterns(RewritePatternSet &patterns);
void populateDecomposeNormalizationPatterns(RewritePatternSet &patterns);
void populateDecomposeAttentionPatterns(RewritePatternSet &patterns);
void populateDecomposeTrainingPatterns(RewritePatternSet &patterns);

} // namespace mlir::kiln

#endif // KILN_TRANSFORMS_DECOMPOSE_H
