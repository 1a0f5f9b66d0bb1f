//===- Phases.h - The steps of kiln-compile's phases (internal) -*- C++ -*-===//
//
// Shared by CompilePipeline.cpp, which sequences the phases, and the files
// that implement the phases with more than a pass list.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_PIPELINES_PHASES_H
#define KILN_LIB_PIPELINES_PHASES_H

#include "kiln/Pipelines/CompilePipeline.h"
#include "kiln/Pipelines/CompileUnits.h"

namespace mlir::kiln {

/// A pass manager on `context`, with the tool's command-line options (IR
/// printing, timing, statistics) applied when `options` says so; fails
/// when they are bad.
FailureOr<std::unique_ptr<PassManager>>
makePassManager(MLIRContext *context, const CompileOptions &options);

/// Runs the passes `build` adds on `module`.
LogicalResult runPasses(ModuleOp module, const CompileOptions &options,
                        function_ref<void(OpPassManager &)> build);

/// The partition phase: auto-sharding of the entry (inference with
/// --shard=auto, when `autoShard`), then the SPMD partition when the module
/// has a mesh.
LogicalResult runPartitionPhase(ModuleOp module, const CompileOptions &options,
                                bool autoShard);

/// The codegen phase: one unit per request, then on each unit dead symbols
/// dropped and the backend's lowering.
LogicalResult runCodegenPhase(ModuleOp module, const CompileOptions &options,
                              const TargetBackend &backend,
                              ArrayRef<UnitRequest> requests);

/// The training phase: the step and its initial state, the step
/// auto-sharded (--shard=auto) and rematerialized (--remat-budget).
LogicalResult runTrainingPhase(ModuleOp module, const CompileOptions &options,
                               TargetBackend &backend);

} // namespace mlir::kiln

#endif // KILN_LIB_PIPELINES_PHASES_H
