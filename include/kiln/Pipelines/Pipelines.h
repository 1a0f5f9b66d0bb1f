//===- Pipelines.h - Named Kiln pass pipelines ------------------*- C++ -*-===//
//
// Each pipeline has an options struct, a build function usable from any
// C++ pass manager, and a registration for kiln-opt / mlir-opt.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PIPELINES_PIPELINES_H
#define KILN_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::kiln {

/// Options of `kiln-graph-optimize`.
struct GraphOptimizeOptions
    : public PassPipelineOptions<GraphOptimizeOptions> {
  Option<bool> costReport{
      *this, "cost-report",
      llvm::cl::desc("print the cost report of the optimized graph"),
      llvm::cl::init(false)};
};

/// Graph-level clean-up on kiln IR: folding and canonicalization, common
/// subexpression elimination, dead-code removal; optionally the cost report
/// of the result. Later graph passes (sharding, remat, fusion) join here.
void buildGraphOptimizePipeline(OpPassManager &pm,
                                const GraphOptimizeOptions &options);

/// Registers every named Kiln pipeline.
void registerKilnPipelines();

} // namespace mlir::kiln

#endif // KILN_PIPELINES_PIPELINES_H
