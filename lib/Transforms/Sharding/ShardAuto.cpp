//===- ShardAuto.cpp - The kiln-shard-auto pass ---------------------------===//
//
// Builds the strategy problem of each function (AutoStrategies.cpp),
// solves it (AutoSolve.cpp), writes the chosen layouts as closed
// annotations and prices the result with the explain report's cost model,
// so its estimate is comparable with that of any hand-annotated plan.
//
//===----------------------------------------------------------------------===//

#include "AutoSharding.h"
#include "kiln/KilnDialect.h"

#include "kiln/Transforms/Passes.h"
#include "kiln/Transforms/RematBudget.h"
#include "kiln/Transforms/Sharding/PlanCost.h"
#include "kiln/Transforms/Sharding/Propagation.h"
#include "kiln/Transforms/Sharding/Reshard.h"

#include "../Report/ReportFormat.h"

#include "mlir/IR/AsmState.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"

#include <chrono>

namespace mlir::kiln {
#define GEN_PASS_DEF_SHARDAUTOPASS
#include "kiln/Transforms/Passes.h.inc"
} // namespace mlir::kiln

#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "kiln-shard-auto"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::autoshard;

/// Writes the chosen layouts into the IR as closed annotations.
static void apply(FunctionOpInterface function, const Problem &problem,
                  ArrayRef<unsigned> choice) {
  MLIRContext *context = function.getContext();
  for (auto [node, chosen] : llvm::zip(problem.nodes, choice)) {
    const Strategy &strategy = node.strategies[chosen];
    if (!node.op) {
      function.setArgAttr(node.arg.getArgNumber(),
                          KilnDialect::kShardingAttrName,
                          strategy.results.front());
      continue;
    }
    if (isa<ShardingConstraintOp, ManualComputationOp>(node.op) ||
        node.op->getNumResults() == 0 ||
        llvm::is_contained(strategy.results, ShardingAttr()))
      continue;
    node.op->setAttr(KilnDialect::kShardingAttrName,
                     ShardingPerValueAttr::get(context, strategy.results));
  }
  // The results' layouts: the user's, or whole (see the terminator's
  // strategy in AutoStrategies.cpp).
  const Node &returns = *llvm::find_if(problem.nodes, [&](const Node &node) {
    return node.op && node.op->hasTrait<OpTrait::IsTerminator>();
  });
  for (auto [index, layout] :
       llvm::enumerate(returns.strategies.front().operands))
    if (layout &&
        !function.getResultAttr(index, KilnDialect::kShardingAttrName))
      function.setResultAttr(index, KilnDialect::kShardingAttrName, layout);
}

namespace {

struct ShardAutoPass : kiln::impl::ShardAutoPassBase<ShardAutoPass> {
  using ShardAutoPassBase::ShardAutoPassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MeshOp mesh = findMesh();
    if (!mesh)
      return signalPassFailure();
    int64_t budget = -1;
    if (!memoryBudget.empty()) {
      std::optional<RematBudget> parsed = parseRematBudget(memoryBudget);
      if (!parsed || parsed->percent >= 0) {
        module.emitError() << "kiln-shard-auto: memory-budget '" << memoryBudget
                           << "' is not a byte count (like 512MiB)";
        return signalPassFailure();
      }
      budget = parsed->bytes;
    }
    ReportOutput output;
    if (failed(output.open(reportFile, getOperation(), "sharding report")))
      return signalPassFailure();
    llvm::raw_ostream &os = output.os();
    for (auto function : module.getOps<FunctionOpInterface>())
      if (!function.isExternal() &&
          (this->function.empty() || function.getName() == this->function) &&
          failed(shardFunction(function, mesh, budget, os)))
        return signalPassFailure();
    if (failed(output.keep(getOperation())))
      return signalPassFailure();
  }

  MeshOp findMesh() {
    ModuleOp module = getOperation();
    SmallVector<MeshOp> meshes(module.getOps<MeshOp>());
    if (!meshName.empty()) {
      for (MeshOp mesh : meshes)
        if (mesh.getSymName() == meshName)
          return mesh;
      module.emitError() << "kiln-shard-auto: no kiln.mesh @" << meshName;
      return {};
    }
    if (meshes.size() == 1)
      return meshes.front();
    module.emitError() << "kiln-shard-auto: "
                       << (meshes.empty()
                               ? "the module declares no kiln.mesh"
                               : "the module declares several meshes")
                       << "; name one with mesh=NAME";
    return {};
  }

  LogicalResult shardFunction(FunctionOpInterface function, MeshOp mesh,
                              int64_t budget, llvm::raw_ostream &os) {
    auto started = std::chrono::steady_clock::now();
    double flopsPerSecond = deviceGflops * 1e9;
    Problem problem = buildProblem(function, mesh, flopsPerSecond);
    Solution solution = solveGreedy(problem);
    std::string why;
    if (solver != ShardSolver::greedy) {
      std::optional<Solution> milp =
          solveMilp(problem, timeLimit, budget, solution, why);
      if (milp)
        solution = std::move(*milp);
      else if (solver == ShardSolver::milp ||
               (budget >= 0 && memoryOf(problem, solution.choice) > budget)) {
        function.emitError() << "kiln-shard-auto: " << why;
        return failure();
      } else {
        solution.solver += " (" + why + ")";
      }
    } else if (budget >= 0 && memoryOf(problem, solution.choice) > budget) {
      function.emitError() << "kiln-shard-auto: the greedy plan needs "
                           << humanBytes(memoryOf(problem, solution.choice))
                           << " per device, over the budget of "
                           << humanBytes(budget) << "; try solver=milp";
      return failure();
    }
    double seconds = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - started)
                         .count();
    LLVM_DEBUG({
      for (auto [node, chosen] : llvm::zip(problem.nodes, solution.choice))
        llvm::dbgs() << "shard-auto: "
                     << (node.op ? node.op->getName().getStringRef()
                                 : StringRef("argument"))
                     << " at "
                     << (node.op ? node.op->getLoc() : node.arg.getLoc())
                     << ": strategy " << chosen << " of "
                     << node.strategies.size() << "\n";
    });
    apply(function, problem, solution.choice);

    ShardingPropagation propagation(function);
    if (failed(propagation.run()))
      return failure();
    PlanCost cost = explainPlan(function, propagation, flopsPerSecond,
                                /*os=*/nullptr);
    report(function, mesh, problem, solution, cost, seconds, os);
    return success();
  }

  void report(FunctionOpInterface function, MeshOp mesh, const Problem &problem,
              const Solution &solution, const PlanCost &cost, double seconds,
              llvm::raw_ostream &os) {
    os << "kiln shard auto: @" << function.getName() << " on @"
       << mesh.getSymName() << " [";
    MeshAttr attr = mesh.getMesh();
    llvm::interleaveComma(llvm::zip(attr.getAxisNames(), attr.getAxisSizes()),
                          os, [&](auto axis) {
                            os << std::get<0>(axis) << "=" << std::get<1>(axis);
                          });
    os << "]\n";
    os << llvm::formatv("solver: {0} in {1:f2} s; model estimate {2:f1} us\n",
                        solution.solver, seconds, solution.objective * 1e6);
    os << llvm::formatv("estimated: {0:f1} us per device (compute {1:f1} us "
                        "+ communication {2:f1} us, {3} collective{4}); "
                        "values {5} per device\n",
                        cost.getSeconds() * 1e6, cost.computeSeconds * 1e6,
                        cost.commSeconds * 1e6, cost.collectives,
                        cost.collectives == 1 ? "" : "s",
                        humanBytes(cost.valueBytes));
    os << "inputs and weights:\n";
    AsmState asmState(function);
    for (auto [node, chosen] : llvm::zip(problem.nodes, solution.choice)) {
      if (!node.isSource())
        continue;
      Value value = node.getSourceValue();
      auto type = cast<RankedTensorType>(value.getType());
      // Scalars and single elements have nothing to split.
      if (type.getNumElements() <= 1)
        continue;
      os << "  ";
      auto name =
          node.op
              ? node.op->getAttrOfType<StringAttr>(KilnDialect::kNameAttrName)
              : function.getArgAttrOfType<StringAttr>(
                    node.arg.getArgNumber(), KilnDialect::kNameAttrName);
      if (name)
        os << "\"" << name.getValue() << "\"";
      else
        value.printAsOperand(os, asmState);
      os << " : " << type << " "
         << formatLayout(node.strategies[chosen].results.front()) << "\n";
    }
  }
};

} // namespace
