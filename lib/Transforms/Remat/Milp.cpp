//===- Milp.cpp - Rematerialization as an integer program (CBC) -----------===//
//
// The schedule stays as it is (Checkmate's fixed-order variant); the choice
// is which tensors to drop over which of their idle intervals. For every
// tensor and every interval between two consecutive reads of it (or its
// definition and first read) there is a 0/1 variable x: 1 drops the tensor
// after the first read and rebuilds it just before the second, from values
// live there (a chain of at most max-chain ops, planned on the original
// program). Then
//
//   minimize   sum_g flops(g) * x_g
//   subject to live(t) - sum_{g spans t} bytes(g) x_g
//                      + sum_{g rebuilds at t} chain(g) x_g  <= target
//
// with one memory row per run of steps the same intervals span (the
// tightest step of the run stands for it). Like Moccasin, the variables
// grow with the number of intervals rather than with steps squared as in
// Checkmate. The model is a relaxation: it takes the tensors a rebuild
// reads as live, though another chosen interval may drop one. Applying the
// choice plans each rebuild again on the program as it is by then (the
// dropped input is rebuilt with it), and the greedy pass finishes what the
// model got wrong. (Forbidding such pairs outright, x_g + x_h <= 1, made
// the GPT step infeasible at 50%: every cheap rebuild of a GELU reads a
// tensor some other interval would drop.)
//
//===----------------------------------------------------------------------===//

#include "Strategies.h"

#include "llvm/Support/FormatVariadic.h"

#include "kiln/Solvers/IntegerProgram.h"

#include <chrono>
#include <limits>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::remat;

bool remat::haveMilpSolver() { return IntegerProgram::isAvailable(); }

namespace {

/// An interval in which a tensor may be dropped: after step `after` (its
/// definition or a read) up to step `at` (its next read, or earlier), where
/// `plan` rebuilds it. Intervals of one group are ways to drop the tensor
/// over the same reads; one at most is taken.
struct Interval {
  int64_t buffer;
  int64_t after;
  int64_t at;
  Recompute plan;
  int64_t chain;
  int64_t group;
};

} // namespace

FailureOr<Outcome> remat::rematerializeMilp(func::FuncOp func, int64_t target,
                                            unsigned maxChain, double seconds,
                                            std::string &why) {
  if (!IntegerProgram::isAvailable()) {
    why = "this build of kiln has no COIN-OR CBC (coinor-libcbc-dev)";
    return failure();
  }
  auto started = std::chrono::steady_clock::now();
  FailureOr<MemoryProfile> analyzed = analyzeLiveMemory(func);
  if (failed(analyzed))
    return failure();
  const MemoryProfile &profile = *analyzed;
  int64_t numSteps = profile.schedule.size();
  ArrayRef<int64_t> live = profile.liveBytes;
  SmallVector<int64_t> validUntil = argumentValidUntil(func, profile);

  // The intervals worth dropping a tensor over: those spanning a step
  // above the target.
  SmallVector<Interval> intervals;
  for (auto [index, buffer] : llvm::enumerate(profile.buffers)) {
    if (buffer.resident || buffer.bytes == 0 ||
        !isRecomputable(buffer.value.getDefiningOp()))
      continue;
    SmallVector<int64_t> points{buffer.start};
    for (int64_t step : readSteps(buffer.value, profile))
      if (step > buffer.start)
        points.push_back(step);
    for (size_t i = 0; i + 1 < points.size(); ++i) {
      int64_t after = points[i], at = points[i + 1];
      if (at - after < 2 || at >= numSteps)
        continue;
      if (*std::max_element(live.begin() + after + 1, live.begin() + at) <=
          target)
        continue;
      // Rebuilt at its next read, from what is live there; or, when that
      // needs a longer chain because an operand is gone by then, rebuilt
      // early, at the last read of the first operand to go (the rebuilt
      // tensor then lives from there on).
      int64_t early = at;
      for (Value operand : buffer.value.getDefiningOp()->getOperands()) {
        auto it = profile.bufferOf.find(operand);
        if (it != profile.bufferOf.end() &&
            !profile.buffers[it->second].resident)
          early = std::min(early, profile.buffers[it->second].end);
      }
      int64_t group = intervals.size();
      SmallVector<int64_t, 2> rebuilds{at};
      if (early < at)
        rebuilds.push_back(early);
      for (int64_t rebuild : rebuilds) {
        if (rebuild - after < 2)
          continue;
        Interval interval{
            static_cast<int64_t>(index), after, rebuild, {}, 0, group};
        if (!planRecompute(buffer.value, rebuild, profile, validUntil, maxChain,
                           interval.plan))
          continue;
        // Rebuilding early frees less; it must cost less to be worth it.
        if (rebuild != at && static_cast<int64_t>(intervals.size()) > group &&
            interval.plan.flops >= intervals.back().plan.flops)
          continue;
        interval.chain = chainBytes(interval.plan);
        intervals.push_back(std::move(interval));
      }
    }
  }

  // Memory rows: a run of steps ends where an interval starts or ends or a
  // rebuild runs; within it the same variables appear, so the step with
  // the most live bytes stands for the run.
  SmallVector<bool> boundary(numSteps + 1, false);
  SmallVector<int64_t> chainAt(numSteps, 0);
  for (const Interval &interval : intervals) {
    boundary[interval.after + 1] = boundary[interval.at] = true;
    boundary[interval.at + 1] = true;
    chainAt[interval.at] += interval.chain;
  }
  SmallVector<int64_t> rowOf(numSteps, -1);
  SmallVector<double> rowUpper;
  for (int64_t step = 0; step < numSteps;) {
    int64_t end = step + 1;
    while (end < numSteps && !boundary[end])
      ++end;
    int64_t most = *std::max_element(live.begin() + step, live.begin() + end);
    if (most + chainAt[step] > target) {
      for (int64_t s = step; s < end; ++s)
        rowOf[s] = rowUpper.size();
      rowUpper.push_back(static_cast<double>(target - most));
    }
    step = end;
  }
  if (rowUpper.empty()) {
    Outcome outcome;
    outcome.solver = "milp (nothing to do)";
    return outcome;
  }
  int64_t numMemoryRows = rowUpper.size();

  // Columns: each interval's coefficients in the memory rows it spans (one
  // per run) and its rebuild row, then its conflicts.
  SmallVector<SmallVector<std::pair<int, double>>> columns(intervals.size());
  for (auto [index, interval] : llvm::enumerate(intervals)) {
    int64_t bytes = profile.buffers[interval.buffer].bytes;
    int64_t lastRow = -1;
    for (int64_t step = interval.after + 1; step < interval.at; ++step)
      if (rowOf[step] >= 0 && rowOf[step] != lastRow) {
        lastRow = rowOf[step];
        columns[index].push_back({static_cast<int>(lastRow), -double(bytes)});
      }
    if (interval.chain && rowOf[interval.at] >= 0)
      columns[index].push_back(
          {static_cast<int>(rowOf[interval.at]), double(interval.chain)});
  }
  for (size_t i = 1; i < intervals.size(); ++i)
    if (intervals[i].group == intervals[i - 1].group) {
      int row = rowUpper.size();
      rowUpper.push_back(1);
      columns[i - 1].push_back({row, 1});
      columns[i].push_back({row, 1});
    }
  IntegerProgram program;
  for (double upper : rowUpper)
    program.addRow(-IntegerProgram::kInfinity, upper);
  for (auto [index, column] : llvm::enumerate(columns)) {
    // The FLOPs, and one per op so that free rebuilds (views, copies) are
    // not taken for nothing.
    int x = program.addColumn(0, 1,
                              double(intervals[index].plan.flops) +
                                  intervals[index].plan.ops.size());
    for (auto [row, value] : column)
      program.setCoefficient(row, x, value);
  }
  IntegerProgram::Result result = program.solve(seconds, started);
  if (!result.hasSolution()) {
    why = result.status == IntegerProgram::Status::infeasible
              ? "no choice of intervals fits the budget"
              : llvm::formatv("no solution within {0} s", seconds).str();
    return failure();
  }
  const std::vector<double> &solution = result.values;

  Outcome outcome;
  outcome.solver =
      result.status == IntegerProgram::Status::optimal
          ? llvm::formatv("milp (optimal; {0} intervals, {1} memory rows)",
                          intervals.size(), numMemoryRows)
                .str()
          : llvm::formatv("milp (time limit; gap {0:f1}%; {1} intervals)",
                          result.gapPercent(), intervals.size())
                .str();
  // Latest rebuild first, and at one step the tensor defined last first
  // (see cloneBefore).
  SmallVector<int64_t> chosen;
  for (int64_t i = 0, e = intervals.size(); i < e; ++i)
    if (solution[i] > 0.5)
      chosen.push_back(i);
  llvm::stable_sort(chosen, [&](int64_t a, int64_t b) {
    const Interval &x = intervals[a], &y = intervals[b];
    return std::make_pair(x.at, profile.buffers[x.buffer].start) >
           std::make_pair(y.at, profile.buffers[y.buffer].start);
  });
  // Each rebuild is planned again on the program as it is by then: a
  // tensor it reads that a later rebuild dropped is rebuilt with it (the
  // model took it as live; the greedy pass after corrects the difference).
  for (int64_t i : chosen) {
    Value value = profile.buffers[intervals[i].buffer].value;
    Operation *next = profile.schedule[intervals[i].at];
    FailureOr<MemoryProfile> now = analyzeLiveMemory(func);
    if (failed(now))
      return failure();
    Recompute plan;
    int64_t at = now->stepOf.lookup(next);
    if (!planRecompute(value, at, *now, argumentValidUntil(func, *now),
                       maxChain, plan))
      continue;
    outcome.extraFlops += cloneBefore(plan.ops, {value}, next, *now);
    outcome.recomputedOps += plan.ops.size();
  }
  return outcome;
}
