//===- RegisterPipelines.cpp - kiln-opt's named Kiln pipelines ------------===//

#include "kiln/Pipelines/Pipelines.h"

#include "mlir/Pass/PassRegistry.h"

using namespace mlir;
using namespace mlir::kiln;

void mlir::kiln::registerKilnPipelines() {
  PassPipelineRegistration<GraphOptimizeOptions>(
      "kiln-graph-optimize", "Fold, canonicalize and deduplicate a kiln graph",
      buildGraphOptimizePipeline);
  PassPipelineRegistration<CpuPipelineOptions>(
      "kiln-cpu", "Lower kiln to LLVM for x86-64 CPUs", buildCpuPipeline);
}
