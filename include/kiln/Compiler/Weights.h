//===- Weights.h - The weights side file of a compiled model ----*- C++ -*-===//
//
// With kiln-cpu's external-weights option, kiln-externalize-weights leaves
// the constants' data on the module (`kiln.weights`); the compile driver
// writes them to the side file that the runtime maps.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_WEIGHTS_H
#define KILN_COMPILER_WEIGHTS_H

#include "mlir/IR/BuiltinOps.h"

#include <vector>

namespace mlir::kiln {

/// Takes the module's `kiln.weights` data out of it (removing the
/// attribute) as one `bytes`-long blob with each constant at its offset.
FailureOr<std::vector<char>> takeWeights(ModuleOp module, int64_t bytes);

/// Writes `blob` to `path` atomically (a temporary file renamed into
/// place), so that a failure leaves no partial file; errors are emitted at
/// `loc`.
LogicalResult writeWeightsFile(Location loc, ArrayRef<char> blob,
                               StringRef path);

/// The weights blob size the entry function `function` takes (its
/// `kiln.weights_bytes` attribute), 0 when it takes none.
int64_t getWeightsBytes(ModuleOp module, StringRef function);

} // namespace mlir::kiln

#endif // KILN_COMPILER_WEIGHTS_H
