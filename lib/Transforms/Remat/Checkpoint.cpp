//===- Checkpoint.cpp - Segment checkpointing baselines -------------------===//
//
// The textbook alternatives --kiln-remat's solvers are measured against:
// cut the forward pass into segments, keep only the tensors that cross a
// segment boundary (the checkpoints), and rebuild each segment once, just
// before the backward pass first reads one of its tensors. Segments are
// layers (checkpoint at every layer boundary) or sqrt(n) runs of as many
// ops (Chen et al., "Training deep nets with sublinear memory cost").
//
//===----------------------------------------------------------------------===//

#include "Strategies.h"

#include "kiln/KilnOps.h"

#include "llvm/ADT/SetVector.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::remat;

namespace {

/// The layer an op's ONNX node name places it in: the path up to its first
/// component with an index ("/blocks.3/attn/MatMul" -> "/blocks.3",
/// "/layer1/layer1.0/conv1/Conv" -> "/layer1/layer1.0"); empty outside
/// indexed modules.
std::string layerOf(Location loc) {
  std::string layer;
  loc->walk([&](Location inner) {
    auto name = dyn_cast<NameLoc>(inner);
    if (!name)
      return WalkResult::advance();
    StringRef path = name.getName().getValue();
    SmallVector<StringRef> parts;
    path.split(parts, '/');
    std::string prefix;
    for (StringRef part : parts) {
      if (part.empty())
        continue;
      prefix += "/" + part.str();
      size_t dot = part.rfind('.');
      unsigned index;
      if (dot != StringRef::npos &&
          !part.substr(dot + 1).getAsInteger(10, index)) {
        layer = prefix;
        return WalkResult::interrupt();
      }
    }
    return WalkResult::interrupt();
  });
  return layer;
}

/// A segment index for each forward step (-1 for steps that are not
/// recomputable ops).
SmallVector<int64_t> segmentSteps(const MemoryProfile &profile,
                                  int64_t forwardEnd, bool layers) {
  SmallVector<int64_t> forward;
  for (int64_t step = 0; step <= forwardEnd; ++step)
    if (isRecomputable(profile.schedule[step]) &&
        !isa<ReshapeOp>(profile.schedule[step]))
      forward.push_back(step);
  SmallVector<int64_t> segment(forwardEnd + 1, -1);
  // Views go with the tensor they view.
  auto placeViews = [&] {
    for (int64_t step = 0; step <= forwardEnd; ++step)
      if (auto view = dyn_cast<ReshapeOp>(profile.schedule[step]))
        if (Operation *def = view->getOperand(0).getDefiningOp())
          if (profile.stepOf.count(def))
            segment[step] = segment[profile.stepOf.lookup(def)];
  };
  if (!layers) {
    int64_t size = std::max<int64_t>(
        1, static_cast<int64_t>(std::ceil(std::sqrt(double(forward.size())))));
    for (auto [index, step] : llvm::enumerate(forward))
      segment[step] = index / size;
    placeViews();
    return segment;
  }
  // An op outside any layer between two ops of one layer belongs to it;
  // other runs outside layers are segments of their own.
  SmallVector<std::string> keys;
  for (int64_t step : forward)
    keys.push_back(layerOf(profile.schedule[step]->getLoc()));
  for (size_t i = 0; i < keys.size(); ++i) {
    if (!keys[i].empty())
      continue;
    size_t next = i;
    while (next < keys.size() && keys[next].empty())
      ++next;
    if (i > 0 && next < keys.size() && keys[i - 1] == keys[next])
      for (size_t j = i; j < next; ++j)
        keys[j] = keys[next];
    i = next - 1;
  }
  int64_t current = -1;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i == 0 || keys[i] != keys[i - 1])
      ++current;
    segment[forward[i]] = current;
  }
  placeViews();
  return segment;
}

} // namespace

FailureOr<Outcome> remat::rematerializeCheckpoints(func::FuncOp func,
                                                   bool layers) {
  Outcome outcome;
  outcome.solver = layers ? "checkpoint-layers" : "checkpoint-sqrt";
  FailureOr<MemoryProfile> analyzed = analyzeLiveMemory(func);
  if (failed(analyzed))
    return failure();
  const MemoryProfile &profile = *analyzed;
  // The forward pass ends with the loss: the last result that is not a
  // donated update.
  Operation *ret = func.getBody().front().getTerminator();
  llvm::SmallDenseSet<int64_t> donated;
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
    if (std::optional<int64_t> to = getDonatedResult(func, i))
      donated.insert(*to);
  int64_t forwardEnd = -1;
  for (unsigned i = 0, e = ret->getNumOperands(); i < e; ++i)
    if (!donated.contains(i))
      if (Operation *def = ret->getOperand(i).getDefiningOp())
        forwardEnd = std::max(forwardEnd, profile.stepOf.lookup(def));
  if (forwardEnd < 0)
    return func.emitError("kiln-remat: checkpointing needs a training step: "
                          "@")
           << func.getSymName()
           << " has no result other than donated updates (the loss)";

  SmallVector<int64_t> segment = segmentSteps(profile, forwardEnd, layers);
  auto segmentOf = [&](Operation *op) -> int64_t {
    auto it = profile.stepOf.find(op);
    return it == profile.stepOf.end() || it->second > forwardEnd
               ? -1
               : segment[it->second];
  };
  int64_t numSegments = 1 + *std::max_element(segment.begin(), segment.end());
  SmallVector<int64_t> validUntil = argumentValidUntil(func, profile);

  // Per segment: the tensors the backward pass reads (rebuilt unless they
  // are checkpoints: read by another forward segment or returned), and the
  // first backward step reading one.
  SmallVector<SmallVector<Value>> dropped(numSegments);
  SmallVector<int64_t> firstRead(numSegments, INT64_MAX);
  llvm::DenseSet<Value> checkpoints;
  for (int64_t step = 0; step <= forwardEnd; ++step) {
    int64_t s = segment[step];
    if (s < 0)
      continue;
    for (Value result : profile.schedule[step]->getResults()) {
      if (!profile.bufferOf.count(result))
        continue;
      SmallVector<int64_t> reads = readSteps(result, profile);
      bool crosses = llvm::any_of(reads, [&](int64_t read) {
        return read <= forwardEnd
                   ? segment[read] != s && segment[read] >= 0
                   : read >= static_cast<int64_t>(profile.schedule.size());
      });
      if (crosses) {
        checkpoints.insert(result);
        continue;
      }
      // A view is rebuilt with the tensor it views.
      if (isa<ReshapeOp>(profile.schedule[step]))
        continue;
      auto backward = llvm::upper_bound(reads, forwardEnd);
      if (backward == reads.end())
        continue;
      dropped[s].push_back(result);
      firstRead[s] = std::min(firstRead[s], *backward);
    }
  }

  SmallVector<int64_t> order =
      llvm::to_vector(llvm::seq<int64_t>(0, numSegments));
  llvm::stable_sort(
      order, [&](int64_t a, int64_t b) { return firstRead[a] > firstRead[b]; });
  for (int64_t s : order) {
    if (dropped[s].empty())
      continue;
    // The segment's ops the dropped tensors need, from its inputs and
    // checkpoints, in program order.
    llvm::SetVector<Operation *> needed;
    SmallVector<Value> worklist(dropped[s]);
    while (!worklist.empty()) {
      Operation *def = worklist.pop_back_val().getDefiningOp();
      if (!def || segmentOf(def) != s || !needed.insert(def))
        continue;
      for (Value operand : def->getOperands()) {
        if (auto arg = dyn_cast<BlockArgument>(operand))
          if (firstRead[s] > validUntil[arg.getArgNumber()])
            return def->emitError("kiln-remat: checkpointing would rebuild "
                                  "this op after its argument #")
                   << arg.getArgNumber() << " is updated in place";
        if (!checkpoints.contains(operand))
          worklist.push_back(operand);
      }
    }
    SmallVector<Operation *> ops = needed.takeVector();
    llvm::sort(ops, [&](Operation *a, Operation *b) {
      return profile.stepOf.lookup(a) < profile.stepOf.lookup(b);
    });
    outcome.extraFlops +=
        cloneBefore(ops, dropped[s], profile.schedule[firstRead[s]], profile);
    outcome.recomputedOps += ops.size();
  }
  return outcome;
}
