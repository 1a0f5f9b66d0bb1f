//===- TrainProgram.h - Training executables (kiln-compile --train) -*- C++ -*-===//
//
// Builds a model's training step with --kiln-make-train-step, compiles
// train_step and train_init into one executable whose main() is the
// training command line (lib/Runtime/train_cli.c).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_TRAINPROGRAM_H
#define KILN_COMPILER_TRAINPROGRAM_H

#include "kiln/Pipelines/Pipelines.h"
#include "kiln/Transforms/Passes.h"

#include "llvm/Target/TargetMachine.h"

namespace mlir::kiln {

struct TrainProgramOptions {
  MakeTrainStepPassOptions step;
  CpuPipelineOptions pipeline;
  /// When set, the step is rematerialized to this budget (kiln-remat's
  /// `budget`) before lowering.
  std::string rematBudget;
  /// Whether kiln-shard-auto lays out the step (--shard=auto).
  bool autoShard = false;
  /// The executable's default thread count; 0: one per online core.
  unsigned numThreads = 0;
};

/// Adds the training step to `module` (a model's forward function), then
/// compiles it and its initial state and links the executable
/// `outputPath`. Errors are reported as diagnostics; no output file is
/// left behind on failure.
LogicalResult buildTrainingExecutable(ModuleOp module,
                                      const TrainProgramOptions &options,
                                      llvm::TargetMachine &machine,
                                      StringRef outputPath,
                                      const char *argv0);

} // namespace mlir::kiln

#endif // KILN_COMPILER_TRAINPROGRAM_H
