//===- InitAll.h - Register everything Kiln provides ------------*- C++ -*-===//
//
// One entry point for tools and plugins to register Kiln's dialects, passes
// and pipelines.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_INITALL_H
#define KILN_INITALL_H

#include "mlir/IR/DialectRegistry.h"

namespace mlir::kiln {

/// Adds the kiln dialect and the upstream dialects Kiln IR is written with
/// (func, arith, tensor) to `registry`.
void registerKilnDialects(DialectRegistry &registry);

/// Registers every Kiln pass and named pipeline with the global registry.
void registerAllKilnPassesAndPipelines();

} // namespace mlir::kiln

#endif // KILN_INITALL_H
