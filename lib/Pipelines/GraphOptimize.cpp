//===- GraphOptimize.cpp - The kiln-graph-optimize pipeline ---------------===//
//
// Builds the graph-level optimization pipeline. It is its own library
// (KilnGraphPipeline) so that what runs only graph passes (the compiler's
// fuzz targets, plugins) need not link code generation.
//
//===----------------------------------------------------------------------===//

#include "kiln/Pipelines/Pipelines.h"
#include "kiln/Transforms/Passes.h"

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
