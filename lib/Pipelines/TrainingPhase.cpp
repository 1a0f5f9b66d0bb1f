//===- TrainingPhase.cpp - The training phase of kiln-compile -------------===//
//
// The training step and its initial state (kiln-make-train-step), the step
// auto-sharded as a whole (--shard=auto), and rematerialization to a
// budget on the scratch memory of the *compiled* step, which the target
// backend measures (TargetBackend::getScratchBytes).
//
//===----------------------------------------------------------------------===//

#include "Phases.h"

#include "kiln/Pipelines/CompileUnits.h"
#include "kiln/Transforms/Passes.h"
#include "kiln/Transforms/RematBudget.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// The scratch memory `function` of a copy of `module` needs once the
/// remaining phases (partition, codegen) have lowered it for `backend`.
FailureOr<int64_t> measureScratch(ModuleOp module, StringRef function,
                                  const CompileOptions &options,
                                  TargetBackend &backend) {
  OwningOpRef<ModuleOp> copy = module.clone();
  if (failed(runPartitionPhase(*copy, options, /*autoShard=*/false)) ||
      failed(runCodegenPhase(*copy, options, backend,
                             {UnitRequest{function.str(), "", -1}})))
    return failure();
  return backend.getScratchBytes(getCompileUnits(*copy).front());
}

/// Rematerializes the step of `module` so that its compiled scratch memory
/// fits the budget. The graph-level budget starts at the compiled one and
/// shrinks by the ratio of each miss, and by at least 15%, for a few
/// rounds: the graph does not show what lowering adds (transposed
/// operands, accumulators) or removes (fused elementwise intermediates,
/// which rebuilding from one may materialize), so the compiled scratch
/// follows the graph budget only roughly and in steps.
LogicalResult rematerializeCompiled(ModuleOp module,
                                    const CompileOptions &options,
                                    TargetBackend &backend) {
  StringRef step = options.step.stepName;
  std::optional<RematBudget> budget = parseRematBudget(options.rematBudget);
  if (!budget)
    return module.emitError("--remat-budget must be bytes (e.g. 64MiB) or a "
                            "percentage (e.g. 70%), not '")
           << options.rematBudget << "'";
  FailureOr<int64_t> unconstrained =
      measureScratch(module, step, options, backend);
  if (failed(unconstrained))
    return failure();
  int64_t target = budget->resolve(*unconstrained);
  if (*unconstrained <= target) {
    llvm::errs() << llvm::formatv("kiln remat: compiled @{0} scratch {1} "
                                  "bytes is within the budget {2}\n",
                                  step, *unconstrained, target);
    return success();
  }
  int64_t graphBudget = target, smallest = *unconstrained;
  std::optional<int64_t> unreachableGraphBudget;
  for (int round = 0; round < 8 && graphBudget > 0; ++round) {
    OwningOpRef<ModuleOp> copy = module.clone();
    RematPassOptions remat;
    remat.function = step.str();
    remat.budget = std::to_string(graphBudget);
    // A graph budget out of reach ends the search; the error below says
    // what was reached.
    LogicalResult applied = success();
    {
      ScopedDiagnosticHandler quiet(module.getContext(),
                                    [](Diagnostic &) { return success(); });
      applied = runPasses(*copy, options, [&](OpPassManager &pm) {
        pm.addPass(createRematPass(remat));
      });
    }
    if (failed(applied)) {
      unreachableGraphBudget = graphBudget;
      break;
    }
    FailureOr<int64_t> scratch = measureScratch(*copy, step, options, backend);
    if (failed(scratch))
      return failure();
    llvm::errs() << llvm::formatv("kiln remat: compiled @{0} scratch {1} "
                                  "bytes (budget {2}) at graph budget {3}\n",
                                  step, *scratch, target, graphBudget);
    smallest = std::min(smallest, *scratch);
    if (*scratch <= target) {
      // Keep the rematerialized step in place of the original.
      auto original = module.lookupSymbol<func::FuncOp>(step);
      auto remade = (*copy).lookupSymbol<func::FuncOp>(step);
      original.getBody().takeBody(remade.getBody());
      return success();
    }
    graphBudget = static_cast<int64_t>(
        static_cast<double>(graphBudget) *
        std::min(0.85, static_cast<double>(target) / *scratch));
  }
  InFlightDiagnostic error =
      module.emitError("--remat-budget: cannot fit the compiled @")
      << step << "'s scratch memory in " << target
      << " bytes; the smallest reached is " << smallest << " bytes (from "
      << *unconstrained << ")";
  if (unreachableGraphBudget)
    error << "; rematerialization cannot bring the graph's scratch peak to "
          << *unreachableGraphBudget << " bytes";
  return error;
}

} // namespace

LogicalResult mlir::kiln::runTrainingPhase(ModuleOp module,
                                           const CompileOptions &options,
                                           TargetBackend &backend) {
  MakeTrainStepPassOptions step = options.step;
  step.function = options.entry;
  if (failed(runPasses(module, options, [&](OpPassManager &pm) {
        pm.addPass(createMakeTrainStepPass(step));
      })))
    return failure();
  if (options.shard == ShardMode::automatic &&
      failed(runPasses(module, options, [&](OpPassManager &pm) {
        ShardAutoPassOptions shardAuto;
        shardAuto.function = options.step.stepName;
        pm.addPass(createShardAutoPass(shardAuto));
      })))
    return failure();
  if (!options.rematBudget.empty())
    return rematerializeCompiled(module, options, backend);
  return success();
}
