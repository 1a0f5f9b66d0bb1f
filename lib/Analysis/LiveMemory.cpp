//===- LiveMemory.cpp - Live tensor bytes over a function's schedule ------===//

#include "kiln/Analysis/LiveMemory.h"

#include "kiln/Analysis/CostModel.h"
#include "kiln/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;

SmallVector<const LiveBuffer *> MemoryProfile::liveAt(int64_t step) const {
  SmallVector<const LiveBuffer *> live;
  for (const LiveBuffer &buffer : buffers)
    if (!buffer.resident && buffer.start <= step && step <= buffer.end)
      live.push_back(&buffer);
  llvm::stable_sort(live, [](const LiveBuffer *a, const LiveBuffer *b) {
    return a->bytes > b->bytes;
  });
  return live;
}

std::optional<int64_t> mlir::kiln::getDonatedResult(func::FuncOp func,
                                                    unsigned arg) {
  auto to =
      func.getArgAttrOfType<IntegerAttr>(arg, KilnDialect::kDonatedToAttrName);
  if (!to || to.getInt() < 0 ||
      to.getInt() >= static_cast<int64_t>(func.getNumResults()))
    return std::nullopt;
  return to.getInt();
}

FailureOr<MemoryProfile> mlir::kiln::analyzeLiveMemory(func::FuncOp func) {
  if (func.isExternal() || !func.getBody().hasOneBlock())
    return func.emitError("memory analysis needs a function body of one "
                          "block");
  Block &body = func.getBody().front();
  MemoryProfile profile;
  llvm::DenseMap<Operation *, int64_t> &stepOf = profile.stepOf;
  for (Operation &op : body.without_terminator()) {
    stepOf[&op] = profile.schedule.size();
    profile.schedule.push_back(&op);
  }
  int64_t lastStep = static_cast<int64_t>(profile.schedule.size()) - 1;

  // A buffer per tensor value, except views, which map to their source's.
  llvm::DenseMap<Value, int64_t> &bufferOf = profile.bufferOf;
  auto addBuffer = [&](Value value, int64_t start, bool resident) {
    if (!isa<TensorType>(value.getType()))
      return;
    auto tensor = cast<TensorType>(value.getType());
    if (!tensor.hasStaticShape())
      ++profile.unsizedValues;
    bufferOf[value] = profile.buffers.size();
    profile.buffers.push_back(
        {value, getTensorBytes(value.getType()), start, start, resident});
  };
  for (BlockArgument arg : body.getArguments())
    addBuffer(arg, 0, /*resident=*/true);
  for (Operation *op : profile.schedule) {
    int64_t step = stepOf[op];
    if (isa<ReshapeOp>(op) && bufferOf.count(op->getOperand(0))) {
      bufferOf[op->getResult(0)] = bufferOf[op->getOperand(0)];
      continue;
    }
    if (isa<OptimizationBarrierOp>(op)) {
      for (auto [operand, result] :
           llvm::zip(op->getOperands(), op->getResults()))
        if (bufferOf.count(operand))
          bufferOf[result] = bufferOf[operand];
      continue;
    }
    for (Value result : op->getResults())
      addBuffer(result, step, /*resident=*/isa<ConstantOp>(op));
  }

  // Each read extends the buffer to the reading step; a returned buffer
  // lives to the end.
  for (Operation *op : profile.schedule) {
    int64_t step = stepOf[op];
    op->walk([&](Operation *inner) {
      for (Value operand : inner->getOperands()) {
        auto it = bufferOf.find(operand);
        if (it != bufferOf.end())
          profile.buffers[it->second].end =
              std::max(profile.buffers[it->second].end, step);
      }
    });
  }
  for (Value returned : body.getTerminator()->getOperands()) {
    auto it = bufferOf.find(returned);
    if (it != bufferOf.end())
      profile.buffers[it->second].end = std::max<int64_t>(lastStep, 0);
  }

  // A result donated to an argument (kiln.donated_to, a training step's
  // new parameters) is written into that argument's buffer: no bytes of
  // its own.
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
    std::optional<int64_t> to = getDonatedResult(func, i);
    if (!to)
      continue;
    Value returned = body.getTerminator()->getOperand(*to);
    auto it = bufferOf.find(returned);
    if (it != bufferOf.end() && !profile.buffers[it->second].resident)
      profile.buffers[it->second].bytes = 0;
  }

  // Live bytes per step by a sweep over interval starts and ends.
  SmallVector<int64_t> delta(profile.schedule.size() + 1, 0);
  for (const LiveBuffer &buffer : profile.buffers) {
    if (buffer.resident) {
      profile.residentBytes += buffer.bytes;
      continue;
    }
    delta[buffer.start] += buffer.bytes;
    delta[buffer.end + 1] -= buffer.bytes;
  }
  int64_t live = 0;
  profile.peakBytes = profile.residentBytes;
  for (int64_t step = 0; step <= lastStep; ++step) {
    live += delta[step];
    profile.liveBytes.push_back(profile.residentBytes + live);
    if (profile.liveBytes.back() > profile.peakBytes || profile.peakStep < 0) {
      profile.peakBytes = profile.liveBytes.back();
      profile.peakStep = step;
    }
  }
  return profile;
}
