//===- Remat.cpp - The --kiln-remat pass ----------------------------------===//
//
// Rematerialization under a budget on the bytes a function holds beyond
// its resident arguments and constants, driven by the live-memory
// analysis; the strategies are in Strategies.h.
//
//===----------------------------------------------------------------------===//

#include "Strategies.h"

#include "kiln/KilnOps.h"
#include "kiln/Transforms/Passes.h"
#include "kiln/Transforms/RematBudget.h"

#include "../Report/MemoryPlot.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/ToolOutputFile.h"

#include <chrono>

namespace mlir::kiln {
#define GEN_PASS_DEF_REMATPASS
#include "kiln/Transforms/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::remat;

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       start)
      .count();
}

/// The peak of the function as it is now.
FailureOr<int64_t> peakOf(func::FuncOp func) {
  FailureOr<MemoryProfile> profile = analyzeLiveMemory(func);
  if (failed(profile))
    return failure();
  return profile->peakBytes;
}

struct RematPass : kiln::impl::RematPassBase<RematPass> {
  using RematPassBase::RematPassBase;

  bool isBaseline() const {
    return solver == "checkpoint-layers" || solver == "checkpoint-sqrt";
  }

  void runOnOperation() override {
    std::optional<RematBudget> parsed = parseRematBudget(budget);
    if (!isBaseline() && (budget.empty() || !parsed)) {
      getOperation().emitError("kiln-remat: budget must be bytes (e.g. "
                               "1048576 or 64MiB) or a percentage of the "
                               "scratch peak (e.g. 70%), not '")
          << budget << "'";
      return signalPassFailure();
    }
    if (!llvm::is_contained({"auto", "greedy", "milp", "checkpoint-layers",
                             "checkpoint-sqrt"},
                            solver)) {
      getOperation().emitError("kiln-remat: solver must be 'auto', 'greedy', "
                               "'milp', 'checkpoint-layers' or "
                               "'checkpoint-sqrt', not '")
          << solver << "'";
      return signalPassFailure();
    }
    if (solver == "milp" && !haveMilpSolver()) {
      getOperation().emitError("kiln-remat: solver=milp needs COIN-OR CBC, "
                               "which this build of kiln lacks");
      return signalPassFailure();
    }
    if (timeLimit <= 0) {
      getOperation().emitError("kiln-remat: time-limit must be positive");
      return signalPassFailure();
    }
    bool found = false;
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal() ||
          (!function.empty() && func.getSymName() != function))
        continue;
      found = true;
      if (failed(rematerialize(func, parsed.value_or(RematBudget{}))))
        return signalPassFailure();
    }
    if (!function.empty() && !found) {
      getOperation().emitError("kiln-remat: no function '")
          << function << "' with a body";
      signalPassFailure();
    }
  }

  /// Runs the chosen solver on `func` toward `target`.
  FailureOr<Outcome> solve(func::FuncOp func, int64_t target) {
    if (isBaseline())
      return rematerializeCheckpoints(func, solver == "checkpoint-layers");
    if (solver == "greedy")
      return rematerializeGreedy(func, target, maxChain);
    // auto: the greedy answer on a copy, then the integer program's
    // (finished by the greedy pass where its model fell short); the one
    // within the budget with fewer extra FLOPs wins.
    std::optional<Outcome> greedy;
    func::FuncOp copy;
    llvm::scope_exit eraseCopy([&] {
      if (copy)
        copy->erase();
    });
    if (solver == "auto") {
      copy = func.clone();
      FailureOr<Outcome> outcome = rematerializeGreedy(copy, target, maxChain);
      FailureOr<int64_t> peak = peakOf(copy);
      if (failed(outcome) || failed(peak))
        return failure();
      if (*peak <= target)
        greedy = *outcome;
      if (!haveMilpSolver()) {
        func.getBody().takeBody(copy.getBody());
        return *outcome;
      }
    }
    std::string why;
    FailureOr<Outcome> milp =
        rematerializeMilp(func, target, maxChain, timeLimit, why);
    if (failed(milp)) {
      if (!why.empty())
        llvm::errs() << "kiln remat: @" << func.getSymName()
                     << ": integer program: " << why << "\n";
      milp = Outcome{0, 0, "(" + why + ")", 0};
    }
    FailureOr<int64_t> peak = peakOf(func);
    if (failed(peak))
      return failure();
    if (*peak > target) {
      FailureOr<Outcome> rest = rematerializeGreedy(func, target, maxChain);
      if (failed(rest) || failed(peak = peakOf(func)))
        return failure();
      milp->extraFlops += rest->extraFlops;
      milp->recomputedOps += rest->recomputedOps;
      milp->solver += " + greedy";
    }
    if (greedy && (*peak > target || greedy->extraFlops < milp->extraFlops)) {
      func.getBody().takeBody(copy.getBody());
      greedy->solver += ", better than " + milp->solver;
      return *greedy;
    }
    return milp;
  }

  LogicalResult rematerialize(func::FuncOp func, const RematBudget &budget) {
    auto started = std::chrono::steady_clock::now();
    FailureOr<MemoryProfile> profile = analyzeLiveMemory(func);
    if (failed(profile))
      return failure();
    int64_t resident = profile->residentBytes;
    int64_t before = profile->peakBytes - resident;
    int64_t target = budget.resolve(before);
    int64_t flopsBefore = totalFlops(func);
    if (!isBaseline() && before <= target) {
      llvm::errs() << llvm::formatv(
          "kiln remat: @{0}: scratch peak {1} bytes is within the budget "
          "{2}; nothing recomputed\n",
          func.getSymName(), before, target);
      return success();
    }
    SmallVector<int64_t> liveBefore(profile->liveBytes);
    int64_t peakStepBefore = profile->peakStep;
    FailureOr<Outcome> outcome = solve(func, resident + target);
    if (failed(outcome) || failed(profile = analyzeLiveMemory(func)))
      return failure();
    if (!svg.empty()) {
      std::string error;
      std::unique_ptr<llvm::ToolOutputFile> file =
          openOutputFile(svg, &error);
      if (!file)
        return func.emitError("kiln-remat: cannot open '")
               << svg << "': " << error;
      writeMemoryPlot(
          file->os(),
          ("Live tensor bytes of @" + func.getSymName() +
           " before and after rematerialization")
              .str(),
          {{"before", liveBefore, peakStepBefore},
           {outcome->solver.substr(0, outcome->solver.find(' ')) + " (after)",
            profile->liveBytes, profile->peakStep}});
      file->keep();
    }
    int64_t after = profile->peakBytes - resident;
    if (!isBaseline() && after > target)
      return func.emitError("kiln-remat: cannot fit @")
             << func.getSymName() << "'s scratch memory in " << target
             << " bytes: the smallest scratch peak reached is " << after
             << " bytes (from " << before << "), besides " << resident
             << " bytes of arguments and constants that stay resident";
    llvm::errs() << llvm::formatv(
        "kiln remat: @{0}: scratch peak {1} -> {2} bytes{3} ({4} resident); "
        "{5} in {6:f2} s; {7} ops recomputed, {8} extra FLOPs ({9:f1}% "
        "more)\n",
        func.getSymName(), before, after,
        isBaseline() ? std::string()
                     : llvm::formatv(" (budget {0})", target).str(),
        resident, outcome->solver, secondsSince(started),
        outcome->recomputedOps, outcome->extraFlops,
        flopsBefore ? 100.0 * outcome->extraFlops / flopsBefore : 0.0);
    return success();
  }
};

} // namespace
