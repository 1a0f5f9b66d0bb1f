//===- KilnToLinalg.h - Lowering kiln to linalg on tensors ------*- C++ -*-===//
//
// The patterns behind --convert-kiln-to-linalg, for pipelines that build
// their own conversion.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CONVERSION_KILNTOLINALG_H
#define KILN_CONVERSION_KILNTOLINALG_H

#include "mlir/Transforms/DialectConversion.h"

namespace mlir::kiln {

/// Adds the lowering of every primitive kiln op (composite ops must be
/// decomposed first; see kiln/Transforms/Decompose.h).
void populateKilnToLinalgPatterns(RewritePatternSet &patterns);

void populateElementwiseToLinalgPatterns(RewritePatternSet &patterns);
void populateTensorOpsToLinalgPatterns(RewritePatternSet &patterns);
void populateContractionToLinalgPatterns(RewritePatternSet &patterns);
void populateReductionToLinalgPatterns(RewritePatternSet &patterns);
/// kiln.scatter_elements: an scf.for nest over the updates.
void populateScatterToLoopsPatterns(RewritePatternSet &patterns);

} // namespace mlir::kiln

#endif // KILN_CONVERSION_KILNTOLINALG_H
