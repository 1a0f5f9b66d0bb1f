//===- Remat.cpp - The --kiln-remat pass ----------------------------------===//
//
// Greedy rematerialization under a peak-memory budget, on kiln ops, driven
// by the live-memory analysis.
//
//===----------------------------------------------------------------------===//

#include "kiln/Analysis/CostModel.h"
#include "kiln/Analysis/LiveMemory.h"
#include "kiln/KilnOps.h"
#include "kiln/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/SetVector.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_REMATPASS
#include "kiln/Transforms/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// A budget as the user wrote it: bytes, or a percentage of the peak.
struct Budget {
  int64_t bytes = 0;
  double percent = -1;
  int64_t resolve(int64_t peak) const {
    return percent >= 0 ? static_cast<int64_t>(peak * percent / 100.0)
                        : bytes;
  }
};

std::optional<Budget> parseBudget(StringRef text) {
  text = text.trim();
  Budget budget;
  if (text.consume_back("%")) {
    double percent;
    if (text.trim().getAsDouble(percent) || percent < 0)
      return std::nullopt;
    budget.percent = percent;
    return budget;
  }
  int64_t scale = 1;
  if (text.consume_back("KiB"))
    scale = 1 << 10;
  else if (text.consume_back("MiB"))
    scale = 1 << 20;
  else if (text.consume_back("GiB"))
    scale = 1 << 30;
  else
    text.consume_back("B");
  uint64_t value;
  if (text.trim().getAsInteger(10, value) || value > static_cast<uint64_t>(INT64_MAX / scale))
    return std::nullopt;
  budget.bytes = static_cast<int64_t>(value) * scale;
  return budget;
}

bool isRecomputable(Operation *op) {
  return op && isa<KilnDialect>(op->getDialect()) && !isa<ConstantOp>(op) &&
         !op->hasAttr("kiln.no_remat") && isMemoryEffectFree(op) &&
         op->getNumRegions() == 0;
}

/// How to rebuild one tensor just before step `at`: the ops to clone, in
/// order (operands first), and their FLOPs.
struct Recompute {
  SmallVector<Operation *> ops;
  int64_t flops = 0;
};

/// Plans recomputing `value` before step `at` from values live there: a
/// value is available at `at` when it is a constant, an argument not yet
/// overwritten by its donated update (argumentValidUntil: the last step
/// that may read its old value), or a tensor whose buffer is read at or
/// after `at` anyway. Values that are not are recomputed too, up to
/// `maxOps` ops in all.
bool planRecompute(Value value, int64_t at, const MemoryProfile &profile,
                   ArrayRef<int64_t> argumentValidUntil, unsigned maxOps,
                   Recompute &plan) {
  if (llvm::any_of(plan.ops, [&](Operation *op) {
        return llvm::is_contained(op->getResults(), value);
      }))
    return true;
  Operation *def = value.getDefiningOp();
  if (!isRecomputable(def) || plan.ops.size() >= maxOps)
    return false;
  for (Value operand : def->getOperands()) {
    if (auto arg = dyn_cast<BlockArgument>(operand)) {
      // A donated argument holds its old value only until its update.
      if (at > argumentValidUntil[arg.getArgNumber()])
        return false;
      continue;
    }
    if (isa_and_nonnull<ConstantOp>(operand.getDefiningOp()))
      continue;
    auto it = profile.bufferOf.find(operand);
    if (it == profile.bufferOf.end())
      return false; // not a tensor: scalars come from ops kept in place
    const LiveBuffer &buffer = profile.buffers[it->second];
    if (buffer.resident || buffer.end >= at)
      continue;
    if (!planRecompute(operand, at, profile, argumentValidUntil, maxOps,
                       plan))
      return false;
  }
  plan.ops.push_back(def);
  plan.flops += estimateCost(def).flops;
  return true;
}

/// The ops that read `value` or a kiln.reshape view of it (not the views).
SmallVector<Operation *> readersThroughViews(Value value) {
  SmallVector<Operation *> readers;
  for (Operation *user : value.getUsers()) {
    if (auto view = dyn_cast<ReshapeOp>(user))
      llvm::append_range(readers, readersThroughViews(view.getResult()));
    else
      readers.push_back(user);
  }
  return readers;
}

/// Gives the uses of `original` at or after step `from` the value
/// `recomputed`, and rebuilds the views of `original` such uses read on
/// `recomputed`, right after it.
void redirectUses(Value original, Value recomputed, int64_t from,
                  const MemoryProfile &profile, OpBuilder &b) {
  Block *block = recomputed.getParentBlock();
  auto stepOfUse = [&](OpOperand &use) {
    Operation *top = block->findAncestorOpInBlock(*use.getOwner());
    auto it = profile.stepOf.find(top);
    return it == profile.stepOf.end() ? INT64_MAX : it->second;
  };
  for (Operation *user : llvm::to_vector(original.getUsers())) {
    auto view = dyn_cast<ReshapeOp>(user);
    if (!view)
      continue;
    bool usedLater = llvm::any_of(view->getUses(), [&](OpOperand &use) {
      return stepOfUse(use) >= from;
    });
    if (!usedLater)
      continue;
    IRMapping mapping;
    mapping.map(original, recomputed);
    Operation *clone = b.clone(*view, mapping);
    redirectUses(view.getResult(), clone->getResult(0), from, profile, b);
  }
  original.replaceUsesWithIf(recomputed, [&](OpOperand &use) {
    return !isa<ReshapeOp>(use.getOwner()) || use.getOwner()->getBlock() !=
                                                  block
               ? stepOfUse(use) >= from
               : false;
  });
}

/// The most bytes the recomputed chain's intermediates hold at once: while
/// each op of it runs, its recomputed operands and (but for the last op,
/// whose result replaces a tensor live there anyway) its results.
int64_t chainBytes(const Recompute &plan) {
  int64_t most = 0;
  for (auto [index, op] : llvm::enumerate(plan.ops)) {
    int64_t bytes = 0;
    for (Value operand : op->getOperands()) {
      Operation *def = operand.getDefiningOp();
      if (def && llvm::is_contained(plan.ops, def))
        bytes += getTensorBytes(operand.getType());
    }
    if (index + 1 < plan.ops.size())
      for (Value result : op->getResults())
        bytes += getTensorBytes(result.getType());
    most = std::max(most, bytes);
  }
  return most;
}

/// A tensor live across the peak step that can be recomputed at its next
/// use after it.
struct Candidate {
  Value value;
  int64_t bytes = 0;
  Operation *nextUse = nullptr;
  Recompute plan;
  /// The predicted peak after recomputing, and how many steps reach it.
  int64_t peak = 0;
  int64_t stepsAtPeak = 0;
};

/// The peak of `live` and how many steps reach it.
std::pair<int64_t, int64_t> peakOf(ArrayRef<int64_t> live) {
  int64_t peak = 0, count = 0;
  for (int64_t bytes : live) {
    if (bytes > peak) {
      peak = bytes;
      count = 0;
    }
    if (bytes == peak)
      ++count;
  }
  return {peak, count};
}

/// Picks the tensor to recompute at the peak: among those whose
/// recomputation lowers the peak (or the number of steps at it), the one
/// that frees the most bytes per recomputed FLOP. The effect is predicted
/// on the live-bytes curve: the tensor no longer lives from its last read
/// before its next use to that use, and the recomputed chain's
/// intermediates live at that use.
std::optional<Candidate> pickCandidate(const MemoryProfile &profile,
                                       ArrayRef<int64_t> argumentValidUntil,
                                       unsigned maxChain) {
  int64_t peak = profile.peakStep;
  std::pair<int64_t, int64_t> current = peakOf(profile.liveBytes);
  std::optional<Candidate> best;
  for (const LiveBuffer &buffer : profile.buffers) {
    if (buffer.resident || buffer.bytes == 0 || buffer.start >= peak ||
        buffer.end <= peak)
      continue;
    Value value = buffer.value;
    // Reads at the peak keep it; reads of its views count as its reads
    // (the views are rebuilt on the recomputed value).
    Operation *next = nullptr;
    int64_t nextStep = INT64_MAX, lastBefore = buffer.start;
    bool eligible = true;
    for (Operation *user : readersThroughViews(value)) {
      Operation *top = user->getBlock()->findAncestorOpInBlock(*user);
      auto it = profile.stepOf.find(top);
      int64_t step = it == profile.stepOf.end() ? profile.schedule.size()
                                                : it->second;
      if (step == peak) {
        eligible = false;
        break;
      }
      if (step < peak)
        lastBefore = std::max(lastBefore, step);
      if (step > peak && step < nextStep) {
        nextStep = step;
        next = top;
      }
    }
    if (!eligible || !next ||
        nextStep >= static_cast<int64_t>(profile.schedule.size()))
      continue;
    Candidate candidate{value, buffer.bytes, next, {}};
    if (!planRecompute(value, nextStep, profile, argumentValidUntil,
                       maxChain, candidate.plan))
      continue;
    SmallVector<int64_t> live(profile.liveBytes);
    for (int64_t step = lastBefore + 1; step < nextStep; ++step)
      live[step] -= buffer.bytes;
    live[nextStep] += chainBytes(candidate.plan);
    std::tie(candidate.peak, candidate.stepsAtPeak) = peakOf(live);
    if (std::make_pair(candidate.peak, candidate.stepsAtPeak) >= current)
      continue;
    // The most bytes per recomputed FLOP; ties to the larger tensor.
    auto score = [](const Candidate &c) {
      return static_cast<double>(c.bytes) / (c.plan.flops + 1.0);
    };
    if (!best || score(candidate) > score(*best) ||
        (score(candidate) == score(*best) && candidate.bytes > best->bytes))
      best = std::move(candidate);
  }
  return best;
}

/// Clones the plan before `candidate.nextUse` and gives it every use of the
/// value from there on.
void apply(const Candidate &candidate, const MemoryProfile &profile) {
  OpBuilder b(candidate.nextUse);
  IRMapping mapping;
  int64_t from = profile.stepOf.lookup(candidate.nextUse);
  // The chain reads its inputs through a barrier, so that CSE cannot
  // recognize the clones as the original ops and merge them back.
  SetVector<Value> inputs;
  for (Operation *op : candidate.plan.ops)
    for (Value operand : op->getOperands())
      if (!llvm::is_contained(candidate.plan.ops, operand.getDefiningOp()))
        inputs.insert(operand);
  ValueRange inputValues(inputs.getArrayRef());
  auto barrier = OptimizationBarrierOp::create(
      b, candidate.nextUse->getLoc(), inputValues);
  mapping.map(inputs.getArrayRef(), barrier.getResults());
  for (Operation *op : candidate.plan.ops) {
    Operation *clone = b.clone(*op, mapping);
    clone->setAttr("kiln.remat", b.getUnitAttr());
    mapping.map(op->getResults(), clone->getResults());
  }
  redirectUses(candidate.value, mapping.lookup(candidate.value), from,
               profile, b);
}

/// For each argument, the last step that may read its value: the step of
/// the update a donated argument's buffer receives, else the end.
SmallVector<int64_t> argumentValidUntil(func::FuncOp func,
                                        const MemoryProfile &profile) {
  SmallVector<int64_t> until(func.getNumArguments(), INT64_MAX);
  Operation *ret = func.getBody().front().getTerminator();
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
    if (std::optional<int64_t> to = getDonatedResult(func, i))
      if (Operation *writer = ret->getOperand(*to).getDefiningOp())
        until[i] = profile.stepOf.lookup(writer);
  return until;
}

int64_t totalFlops(func::FuncOp func) {
  int64_t flops = 0;
  func.walk([&](Operation *op) { flops += estimateCost(op).flops; });
  return flops;
}

struct RematPass : kiln::impl::RematPassBase<RematPass> {
  using RematPassBase::RematPassBase;

  void runOnOperation() override {
    std::optional<Budget> parsed = parseBudget(budget);
    if (budget.empty() || !parsed) {
      getOperation().emitError("kiln-remat: budget must be bytes (e.g. "
                               "1048576 or 64MiB) or a percentage of the "
                               "peak (e.g. 70%), not '")
          << budget << "'";
      return signalPassFailure();
    }
    if (solver != "auto" && solver != "greedy") {
      getOperation().emitError("kiln-remat: solver must be 'greedy' or "
                               "'auto', not '")
          << solver << "' (the integer-program solver is not built yet)";
      return signalPassFailure();
    }
    bool found = false;
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal() || (!function.empty() &&
                                func.getSymName() != function))
        continue;
      found = true;
      if (failed(rematerialize(func, *parsed)))
        return signalPassFailure();
    }
    if (!function.empty() && !found) {
      getOperation().emitError("kiln-remat: no function '")
          << function << "' with a body";
      signalPassFailure();
    }
  }

  LogicalResult rematerialize(func::FuncOp func, const Budget &budget) {
    FailureOr<MemoryProfile> profile = analyzeLiveMemory(func);
    if (failed(profile))
      return failure();
    int64_t before = profile->peakBytes;
    int64_t target = budget.resolve(before);
    int64_t flopsBefore = totalFlops(func);
    int64_t extraFlops = 0, recomputed = 0;
    // Each step lowers the live bytes at the current peak; the peak may
    // move elsewhere, so the number of steps is bounded by the op count.
    int64_t limit = 4 * static_cast<int64_t>(profile->schedule.size()) + 16;
    while (profile->peakBytes > target && limit-- > 0) {
      std::optional<Candidate> candidate =
          pickCandidate(*profile, argumentValidUntil(func, *profile),
                        maxChain);
      if (!candidate)
        break;
      apply(*candidate, *profile);
      extraFlops += candidate->plan.flops;
      recomputed += candidate->plan.ops.size();
      profile = analyzeLiveMemory(func);
      if (failed(profile))
        return failure();
    }
    if (profile->peakBytes > target)
      return func.emitError("kiln-remat: cannot fit @")
             << func.getSymName() << " in " << target
             << " bytes: the smallest peak reached is "
             << profile->peakBytes << " bytes (from " << before
             << "), of which " << profile->residentBytes
             << " are arguments and constants that stay resident";
    llvm::errs() << llvm::formatv(
        "kiln remat: @{0}: peak {1} -> {2} bytes (budget {3}); {4} ops "
        "recomputed, {5} extra FLOPs ({6:f1}% more)\n",
        func.getSymName(), before, profile->peakBytes, target, recomputed,
        extraFlops,
        flopsBefore ? 100.0 * extraFlops / flopsBefore : 0.0);
    return success();
  }
};

} // namespace
