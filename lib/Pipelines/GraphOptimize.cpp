//===- GraphOptimize.cpp - The kiln-graph-optimize pipeline ---------------===//
//
// Builds and registers the graph-level optimization pipeline.
//
//===----------------------------------------------------------------------===//

#include "kiln/Pipelines/Pipelines.h"
#include "kiln/Transforms/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::kiln;

void mlir::kiln::buildGraphOptimizePipeline(
    OpPassManager &pm, const GraphOptimizeOptions &options) {
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // CSE can expose new folds (two identical transposes now compose).
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createSymbolDCEPass());
  if (options.costReport)
    pm.addPass(createCostReportPass());
}

void mlir::kiln::registerKilnPipelines() {
  PassPipelineRegistration<GraphOptimizeOptions>(
      "kiln-graph-optimize",
      "Fold, canonicalize and deduplicate a kiln graph",
      buildGraphOptimizePipeline);
  PassPipelineRegistration<CpuPipelineOptions>(
      "kiln-cpu", "Lower kiln to LLVM for x86-64 CPUs", buildCpuPipeline);
}
