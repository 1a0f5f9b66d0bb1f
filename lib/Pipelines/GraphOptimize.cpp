//===- GraphOptimize.cpp - The kiln-graph-optimize pipeline ---------------===//
//
// Builds and registers the graph-level optimization pipeline.
//
//===----------------------------------------------------------------------===//

#include "kiln/Pipelines/Pipelines.h"
#include "kiln/Transforms/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::kiln;

void mlir::kiln::buildGraphOptimizePipeline(
    OpPassManager &pm, const GraphOptimizeOptions &options) {
  GreedyRewriteConfig config;
  config.enableConstantCSE(options.cseConstants);
  pm.addPass(createCanonicalizerPass(config));
  pm.addPass(createCSEPass());
  // CSE can expose new folds (two identical transposes now compose).
  pm.addPass(createCanonicalizerPass(config));
  pm.addPass(createSymbolDCEPass());
  if (options.costReport)
    pm.addPass(createCostReportPass());
}

void mlir::kiln::registerKilnPipelines() {
  PassPipelineRegistration<GraphOptimizeOptions>(
      "kiln-graph-optimize", "Fold, canonicalize and deduplicate a kiln graph",
      buildGraphOptimizePipeline);
  PassPipelineRegistration<CpuPipelineOptions>(
      "kiln-cpu", "Lower kiln to LLVM for x86-64 CPUs", buildCpuPipeline);
}
