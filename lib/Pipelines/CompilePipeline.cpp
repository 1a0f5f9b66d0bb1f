//===- CompilePipeline.cpp - kiln-compile's phases, in order --------------===//

#include "Phases.h"

#include "kiln/KilnOps.h"
#include "kiln/Pipelines/CompileUnits.h"
#include "kiln/Pipelines/Pipelines.h"
#include "kiln/Pipelines/ShardOptions.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::kiln;

FailureOr<std::unique_ptr<PassManager>>
mlir::kiln::makePassManager(MLIRContext *context,
                            const CompileOptions &options) {
  auto pm = std::make_unique<PassManager>(context);
  if (!options.passManagerCLOptions)
    return pm;
  if (failed(applyPassManagerCLOptions(*pm)))
    return failure();
  applyDefaultTimingPassManagerCLOptions(*pm);
  return pm;
}

LogicalResult mlir::kiln::runPasses(ModuleOp module,
                                    const CompileOptions &options,
                                    function_ref<void(OpPassManager &)> build) {
  FailureOr<std::unique_ptr<PassManager>> pm =
      makePassManager(module.getContext(), options);
  if (failed(pm))
    return failure();
  build(**pm);
  return (*pm)->run(module);
}

void mlir::kiln::buildImportPhase(OpPassManager &pm) {
  // Exporters spell attention as matmuls around a softmax; .mlir and .onnx
  // models alike get the fused op.
  pm.addNestedPass<func::FuncOp>(createRaiseAttentionPass());
}

LogicalResult mlir::kiln::runImportPhase(ModuleOp module,
                                         const CompileOptions &options) {
  return runPasses(module, options, buildImportPhase);
}

LogicalResult mlir::kiln::runPartitionPhase(ModuleOp module,
                                            const CompileOptions &options,
                                            bool autoShard) {
  if (module.getOps<MeshOp>().empty())
    return success();
  return runPasses(module, options, [&](OpPassManager &pm) {
    if (autoShard) {
      ShardAutoPassOptions shardAuto;
      shardAuto.function = options.entry;
      pm.addPass(createShardAutoPass(shardAuto));
    }
    // The program each process runs keeps the single-device signature
    // (global-io): the runtime reads and writes whole tensors.
    ShardPartitionPassOptions partition;
    partition.globalIO = true;
    pm.addPass(createShardPartitionPass(partition));
  });
}

LogicalResult mlir::kiln::runCodegenPhase(ModuleOp module,
                                          const CompileOptions &options,
                                          const TargetBackend &backend,
                                          ArrayRef<UnitRequest> requests) {
  if (failed(makeCompileUnits(module, requests)))
    return failure();
  return runPasses(module, options, [&](OpPassManager &pm) {
    OpPassManager &unit = pm.nest<ModuleOp>();
    // Each unit holds a copy of the whole program; only its entry is public.
    unit.addPass(createSymbolDCEPass());
    backend.buildCodegenPipeline(unit, options.codegen);
  });
}

/// The units of the codegen phase for the module's program: the entry
/// (inference), or the training step and initial state.
static SmallVector<UnitRequest> getUnitRequests(ModuleOp module,
                                                const CompileOptions &options) {
  if (!options.train)
    return {UnitRequest{options.entry, "", -1}};
  // The parameters lead the step's state; the rest is optimizer state.
  int64_t numParams = 0;
  if (auto step = module.lookupSymbol<func::FuncOp>(options.step.stepName))
    while (numParams < static_cast<int64_t>(step.getNumArguments()) &&
           step.getArgAttr(numParams, KilnDialect::kParameterAttrName))
      ++numParams;
  return {UnitRequest{options.step.stepName, "kiln_train_step", -1},
          UnitRequest{options.step.initName, "kiln_train_init", numParams}};
}

LogicalResult mlir::kiln::runCompilePipeline(ModuleOp module,
                                             const CompileOptions &options,
                                             CompilePhase from, CompilePhase to,
                                             TargetBackend &backend,
                                             const ArtifactOptions &artifact) {
  auto runs = [&](CompilePhase phase) { return from < phase && phase <= to; };
  // Each phase that runs is one progress line.
  auto report = [&](CompilePhase phase, StringRef what) {
    std::optional<CompileProgress::Phase> line;
    if (options.progress)
      line.emplace(options.progress->phase(stringifyCompilePhase(phase), what));
    return line;
  };
  if (to >= CompilePhase::codegen &&
      failed(backend.initialize(module.getLoc())))
    return failure();

  if (runs(CompilePhase::import)) {
    auto line = report(CompilePhase::import, "attention raising, shardings");
    if (failed(runImportPhase(module, options)) ||
        failed(applyShardingOptions(module, options.entry, options.mesh,
                                    options.shard, options.shardFile)))
      return failure();
  }
  if (runs(CompilePhase::graph)) {
    auto line = report(CompilePhase::graph, "kiln-graph-optimize");
    // Named constants are weights (training parameters, sharding targets):
    // equal values stay distinct.
    GraphOptimizeOptions graph;
    graph.cseConstants = false;
    if (failed(runPasses(module, options, [&](OpPassManager &pm) {
          buildGraphOptimizePipeline(pm, graph);
          if (options.checkFinite)
            pm.addPass(createCheckFinitePass());
        })))
      return failure();
  }
  if (runs(CompilePhase::training) && options.train) {
    auto line = report(CompilePhase::training,
                       options.rematBudget.empty()
                           ? "gradients and optimizer"
                           : "gradients, optimizer, remat budget search");
    if (failed(runTrainingPhase(module, options, backend)))
      return failure();
  }
  if (runs(CompilePhase::partition) && !module.getOps<MeshOp>().empty()) {
    auto line = report(CompilePhase::partition, "SPMD partitioning");
    // A training step was auto-sharded as a whole in the training phase.
    bool autoShard = options.shard == ShardMode::automatic && !options.train;
    if (failed(runPartitionPhase(module, options, autoShard)))
      return failure();
  }
  if (runs(CompilePhase::codegen)) {
    auto line = report(CompilePhase::codegen,
                       ("lowering for " + backend.getName()).str());
    if (failed(runCodegenPhase(module, options, backend,
                               getUnitRequests(module, options))))
      return failure();
  }
  if (runs(CompilePhase::artifact)) {
    if (getCompileUnits(module).empty())
      return emitError(module.getLoc())
             << "the input has no compile units (kiln.unit modules); "
                "--compile-from=codegen needs the output of "
                "--compile-to=codegen";
    if (!backend.supportsArtifact(artifact.kind))
      return emitError(module.getLoc())
             << "target '" << backend.getName()
             << "' cannot produce this kind of artifact";
    auto line = report(CompilePhase::artifact,
                       "code generation and link of " + artifact.outputPath +
                           (artifact.weightsPath.empty()
                                ? ""
                                : ", weights to " + artifact.weightsPath));
    return backend.emitArtifact(module, artifact);
  }
  return success();
}
