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

#include "kiln/Support/AtomicOutputFile.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FormatVariadic.h"

#include <chrono>

#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "kiln-remat"

namespace mlir::kiln {
#define GEN_PASS_DEF_REMATPASS
#include "kiln/Transforms/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::remat;

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
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
    return solver == RematSolver::checkpoint_layers ||
           solver == RematSolver::checkpoint_sqrt;
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
    if (solver == RematSolver::milp && !haveMilpSolver()) {
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

  /// Runs one strategy on `func` toward `target`; but for the plain
  /// baselines, the greedy pass finishes what the strategy left above the
  /// target.
  FailureOr<Outcome> runStrategy(func::FuncOp func, StringRef strategy,
                                 int64_t target, bool finish) {
    FailureOr<Outcome> outcome = failure();
    if (strategy == "greedy")
      return rematerializeGreedy(func, target, maxChain);
    if (strategy == "milp") {
      std::string why;
      outcome = rematerializeMilp(func, target, maxChain, timeLimit, why);
      if (failed(outcome)) {
        if (why.empty())
          return failure();
        outcome = Outcome{0, 0, "milp (" + why + ")", 0};
      }
    } else {
      outcome = rematerializeCheckpoints(func, strategy == "checkpoint-layers");
      if (failed(outcome))
        return failure();
    }
    FailureOr<int64_t> peak = peakOf(func);
    if (failed(peak))
      return failure();
    outcome->peakBytes = *peak;
    if (finish && *peak > target) {
      FailureOr<Outcome> rest = rematerializeGreedy(func, target, maxChain);
      if (failed(rest))
        return failure();
      outcome->extraFlops += rest->extraFlops;
      outcome->recomputedOps += rest->recomputedOps;
      outcome->peakBytes = rest->peakBytes;
      outcome->solver += " + greedy";
    }
    return outcome;
  }

  /// Runs the chosen solver on `func` toward `target`. `auto` runs every
  /// strategy on a copy (the greedy pass; the integer program; checkpoints
  /// at layers and at sqrt(n) segments, on training steps), each finished
  /// by the greedy pass, and keeps the answer within the budget with the
  /// fewest extra FLOPs, else the one with the lowest peak.
  FailureOr<Outcome> solve(func::FuncOp func, int64_t target) {
    if (solver != RematSolver::automatic)
      return runStrategy(func, stringifyRematSolver(solver), target,
                         /*finish=*/!isBaseline());
    SmallVector<StringRef> strategies{"greedy"};
    if (haveMilpSolver())
      strategies.push_back("milp");
    strategies.append({"checkpoint-layers", "checkpoint-sqrt"});
    std::optional<std::tuple<bool, int64_t, int64_t>> bestKey;
    std::optional<Outcome> best;
    func::FuncOp bestBody;
    llvm::scope_exit eraseBest([&] {
      if (bestBody)
        bestBody->erase();
    });
    for (StringRef strategy : strategies) {
      func::FuncOp copy = func.clone();
      FailureOr<Outcome> outcome = failure();
      {
        // A strategy that does not apply (checkpoints without a loss)
        // drops out quietly.
        ScopedDiagnosticHandler quiet(func.getContext(),
                                      [](Diagnostic &) { return success(); });
        outcome = runStrategy(copy, strategy, target, /*finish=*/true);
      }
      if (failed(outcome)) {
        copy->erase();
        continue;
      }
      // Within the budget first, then fewer FLOPs, then a lower peak.
      int64_t peak = outcome->peakBytes;
      LLVM_DEBUG(llvm::dbgs()
                 << "remat auto: " << strategy << " reaches " << peak
                 << " bytes (target " << target << ") with "
                 << outcome->extraFlops << " extra FLOPs\n");
      std::tuple<bool, int64_t, int64_t> key{
          peak > target, peak > target ? peak : outcome->extraFlops, peak};
      if (!bestKey || key < *bestKey) {
        if (bestBody)
          bestBody->erase();
        bestBody = copy;
        bestKey = key;
        best = *outcome;
      } else {
        copy->erase();
      }
    }
    if (!best)
      return failure();
    func.getBody().takeBody(bestBody.getBody());
    return *best;
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
    int64_t after = profile->peakBytes - resident;
    if (!isBaseline() && after > target)
      return func.emitError("kiln-remat: cannot fit @")
             << func.getSymName() << "'s scratch memory in " << target
             << " bytes: the smallest scratch peak reached is " << after
             << " bytes (from " << before << "), besides " << resident
             << " bytes of arguments and constants that stay resident";
    // Written only for a rematerialization that succeeded.
    if (!svg.empty()) {
      std::string error;
      std::unique_ptr<AtomicOutputFile> file =
          AtomicOutputFile::open(svg, &error);
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
      if (failed(file->keep(&error)))
        return func.emitError("kiln-remat: ") << error;
    }
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

StringRef mlir::kiln::stringifyRematSolver(RematSolver solver) {
  switch (solver) {
  case RematSolver::automatic:
    return "auto";
  case RematSolver::greedy:
    return "greedy";
  case RematSolver::milp:
    return "milp";
  case RematSolver::checkpoint_layers:
    return "checkpoint-layers";
  case RematSolver::checkpoint_sqrt:
    return "checkpoint-sqrt";
  }
  return "auto";
}
