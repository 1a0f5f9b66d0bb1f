//===- Driver.h - Shared pieces of the kiln-compile and kiln-run tools ----===//
//
// Context set-up, parsing with file:line:col diagnostics, and the lowering
// of a parsed module to the LLVM dialect with the model's signature.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_DRIVER_H
#define KILN_COMPILER_DRIVER_H

#include "kiln/Compiler/ModelSignature.h"
#include "kiln/Pipelines/Pipelines.h"

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

/// Finds the entry function, records its signature, and runs kiln-cpu on
/// `module`. Fails after emitting diagnostics.
FailureOr<ModelSignature> lowerModel(ModuleOp module, StringRef entry,
                                     const CpuPipelineOptions &options);

/// A model parsed and lowered to the LLVM dialect, with its signature.
struct LoweredModel {
  OwningOpRef<ModuleOp> module;
  ModelSignature signature;
};

/// True when the lowered `module` calls the MPI collectives of
/// libKilnRuntimeMpi (it was partitioned over a mesh).
bool usesMpiRuntime(ModuleOp module);

/// parseModelFile then lowerModel: what every tool that compiles a model
/// file does first. Errors go through the context's diagnostic handler.
FailureOr<LoweredModel> parseAndLowerModel(StringRef path, StringRef entry,
                                           const CpuPipelineOptions &options,
                                           MLIRContext &context,
                                           llvm::SourceMgr &sourceMgr);

} // namespace mlir::kiln

#endif // KILN_COMPILER_DRIVER_H
