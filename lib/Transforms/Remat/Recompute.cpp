//===- Recompute.cpp - Planning and cloning recomputations ----------------===//

#include "Recompute.h"

#include "kiln/Analysis/CostModel.h"
#include "kiln/Analysis/Views.h"
#include "kiln/KilnOps.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::remat;

bool remat::isRecomputable(Operation *op) {
  return op && isa<KilnDialect>(op->getDialect()) && !isa<ConstantOp>(op) &&
         !op->hasAttr("kiln.no_remat") && isMemoryEffectFree(op) &&
         op->getNumRegions() == 0;
}

SmallVector<int64_t> remat::argumentValidUntil(func::FuncOp func,
                                               const MemoryProfile &profile) {
  SmallVector<int64_t> until(func.getNumArguments(), INT64_MAX);
  Operation *ret = func.getBody().front().getTerminator();
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
    if (std::optional<int64_t> to = getDonatedResult(func, i))
      if (Operation *writer = ret->getOperand(*to).getDefiningOp())
        until[i] = profile.stepOf.lookup(writer);
  return until;
}

bool remat::planRecompute(Value value, int64_t at, const MemoryProfile &profile,
                          ArrayRef<int64_t> argumentValidUntil, unsigned maxOps,
                          Recompute &plan, bool onlyOperandsOfStep) {
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
    if (buffer.resident)
      continue;
    if (!onlyOperandsOfStep
            ? buffer.end >= at
            : llvm::any_of(
                  profile.schedule[at]->getOperands(), [&](Value read) {
                    return profile.bufferOf.lookup(read) == it->second &&
                           profile.bufferOf.count(read);
                  }))
      continue;
    if (!planRecompute(operand, at, profile, argumentValidUntil, maxOps, plan,
                       onlyOperandsOfStep))
      return false;
  }
  plan.ops.push_back(def);
  plan.flops += estimateCost(def).flops;
  return true;
}

int64_t remat::chainBytes(const Recompute &plan) {
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

SmallVector<int64_t> remat::readSteps(Value value,
                                      const MemoryProfile &profile) {
  SmallVector<int64_t> steps;
  for (Operation *user : readersThroughViews(value, /*withViews=*/false)) {
    Operation *top = user->getBlock()->findAncestorOpInBlock(*user);
    auto it = top ? profile.stepOf.find(top) : profile.stepOf.end();
    steps.push_back(it == profile.stepOf.end()
                        ? static_cast<int64_t>(profile.schedule.size())
                        : it->second);
  }
  llvm::sort(steps);
  steps.erase(llvm::unique(steps), steps.end());
  return steps;
}

/// Gives the uses of `original` at or after step `from` the value
/// `recomputed`, and rebuilds the views of `original` such uses read on
/// `recomputed`, right after it. Ops the profile does not know (clones made
/// since) count as later than every step.
static void redirectUses(Value original, Value recomputed, int64_t from,
                         const MemoryProfile &profile, OpBuilder &b) {
  Block *block = recomputed.getParentBlock();
  auto stepOfUse = [&](OpOperand &use) {
    Operation *top = block->findAncestorOpInBlock(*use.getOwner());
    auto it = profile.stepOf.find(top);
    return it == profile.stepOf.end() ? INT64_MAX : it->second;
  };
  for (Operation *user : llvm::to_vector(original.getUsers())) {
    auto view = dyn_cast<ReshapeOp>(user);
    if (!view || view->getBlock() != block)
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
    // Views in the block were rebuilt above when read later.
    if (isa<ReshapeOp>(use.getOwner()) && use.getOwner()->getBlock() == block)
      return false;
    return stepOfUse(use) >= from;
  });
}

int64_t remat::cloneBefore(ArrayRef<Operation *> ops, ArrayRef<Value> values,
                           Operation *before, const MemoryProfile &profile) {
  // Ahead of the clones already placed at this step: the ops the profile
  // does not know.
  Operation *at = before;
  while (at->getPrevNode() && !profile.stepOf.count(at->getPrevNode()))
    at = at->getPrevNode();
  OpBuilder b(at);
  IRMapping mapping;
  int64_t from = profile.stepOf.lookup(before);
  SetVector<Value> inputs;
  for (Operation *op : ops)
    for (Value operand : op->getOperands())
      if (!llvm::is_contained(ops, operand.getDefiningOp()))
        inputs.insert(operand);
  ValueRange inputValues(inputs.getArrayRef());
  auto barrier =
      OptimizationBarrierOp::create(b, before->getLoc(), inputValues);
  mapping.map(inputs.getArrayRef(), barrier.getResults());
  int64_t flops = 0;
  for (Operation *op : ops) {
    Operation *clone = b.clone(*op, mapping);
    clone->setAttr("kiln.remat", b.getUnitAttr());
    mapping.map(op->getResults(), clone->getResults());
    flops += estimateCost(op).flops;
  }
  for (Value value : values)
    redirectUses(value, mapping.lookup(value), from, profile, b);
  return flops;
}

int64_t remat::totalFlops(func::FuncOp func) {
  int64_t flops = 0;
  func.walk([&](Operation *op) { flops += estimateCost(op).flops; });
  return flops;
}
