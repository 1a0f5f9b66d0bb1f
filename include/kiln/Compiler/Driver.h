//===- Driver.h - Shared pieces of the kiln-compile and kiln-run tools ----===//
//
// Context set-up and parsing with file:line:col diagnostics; what follows
// is the compile pipeline's (kiln/Pipelines/CompilePipeline.h).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_DRIVER_H
#define KILN_COMPILER_DRIVER_H

#include "kiln/Compiler/ModelSignature.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/SourceMgr.h"

namespace mlir::kiln {

/// Registers every dialect, interface and translation a model compile
/// needs in `context`.
void prepareCompilerContext(MLIRContext &context);

/// Parses `path` ("-" for stdin) into a module; errors are reported through
/// the context's diagnostic handler. Returns null on failure.
OwningOpRef<ModuleOp> parseModelFile(StringRef path, MLIRContext &context,
                                     llvm::SourceMgr &sourceMgr);

} // namespace mlir::kiln

#endif // KILN_COMPILER_DRIVER_H
