//===- Greedy.cpp - Greedy rematerialization (XLA's heuristic) ------------===//

#include "Strategies.h"

#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "kiln-remat"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::remat;

namespace {

/// A tensor live across the peak step that can be recomputed at its next
/// read after it.
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
/// before its next read to that read, and the recomputed chain's
/// intermediates live at that read.
std::optional<Candidate> pickCandidate(const MemoryProfile &profile,
                                       ArrayRef<int64_t> validUntil,
                                       unsigned maxChain) {
  int64_t peak = profile.peakStep;
  int64_t numSteps = profile.schedule.size();
  std::pair<int64_t, int64_t> current = peakOf(profile.liveBytes);
  std::optional<Candidate> best;
  for (const LiveBuffer &buffer : profile.buffers) {
    if (buffer.resident || buffer.bytes == 0 || buffer.start >= peak ||
        buffer.end <= peak)
      continue;
    // Reads at the peak keep it; reads of its views count as its reads
    // (the views are rebuilt on the recomputed value).
    SmallVector<int64_t> reads = readSteps(buffer.value, profile);
    if (llvm::is_contained(reads, peak))
      continue;
    auto next = llvm::upper_bound(reads, peak);
    if (next == reads.end() || *next >= numSteps)
      continue;
    int64_t lastBefore =
        next == reads.begin() ? buffer.start : std::max(buffer.start, next[-1]);
    Candidate candidate{
        buffer.value, buffer.bytes, profile.schedule[*next], {}};
    if (!planRecompute(buffer.value, *next, profile, validUntil, maxChain,
                       candidate.plan))
      continue;
    SmallVector<int64_t> live(profile.liveBytes);
    for (int64_t step = lastBefore + 1; step < *next; ++step)
      live[step] -= buffer.bytes;
    live[*next] += chainBytes(candidate.plan);
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

} // namespace

FailureOr<Outcome> remat::rematerializeGreedy(func::FuncOp func, int64_t target,
                                              unsigned maxChain) {
  Outcome outcome;
  outcome.solver = "greedy";
  FailureOr<MemoryProfile> profile = analyzeLiveMemory(func);
  if (failed(profile))
    return failure();
  // Each step lowers the live bytes at the current peak; the peak may move
  // elsewhere, so the number of steps is bounded by the op count.
  int64_t limit = 4 * static_cast<int64_t>(profile->schedule.size()) + 16;
  while (profile->peakBytes > target && limit-- > 0) {
    std::optional<Candidate> candidate =
        pickCandidate(*profile, argumentValidUntil(func, *profile), maxChain);
    if (!candidate)
      break;
    LLVM_DEBUG(llvm::dbgs()
               << "remat greedy: peak " << profile->peakBytes << " > " << target
               << ": recompute " << candidate->plan.ops.size() << " op(s) ("
               << candidate->plan.flops << " FLOPs) for " << candidate->bytes
               << " bytes at " << candidate->value.getLoc() << "\n");
    outcome.extraFlops += cloneBefore(candidate->plan.ops, {candidate->value},
                                      candidate->nextUse, *profile);
    outcome.recomputedOps += candidate->plan.ops.size();
    profile = analyzeLiveMemory(func);
    if (failed(profile))
      return failure();
  }
  outcome.peakBytes = profile->peakBytes;
  return outcome;
}
