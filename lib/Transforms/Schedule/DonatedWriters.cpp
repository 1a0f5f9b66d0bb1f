//===- DonatedWriters.cpp - Early in-place updates of donated buffers ----===//

#include "kiln/Transforms/Schedule.h"

#include "kiln/Analysis/Views.h"
#include "kiln/KilnOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/MapVector.h"

#include <functional>

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// The op of `block` that is or contains `op`; null outside the block.
Operation *inBlock(Block &block, Operation *op) {
  return block.findAncestorOpInBlock(*op);
}

/// The values `op` reads: its operands and the values its regions use
/// from above (a generic's body uses constants defined outside).
SmallVector<Value> usedValues(Operation *op) {
  SmallVector<Value> values(op->getOperands());
  llvm::SetVector<Value> captured;
  getUsedValuesDefinedAbove(op->getRegions(), captured);
  llvm::append_range(values, captured);
  return values;
}

/// Whether every result of `op` is a tensor of at most 64 elements (or not
/// a tensor): cheap to keep alive however early it is computed.
bool isSmall(Operation *op) {
  return llvm::all_of(op->getResultTypes(), [](Type type) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    return !tensor ||
           (tensor.hasStaticShape() && tensor.getNumElements() <= 64);
  });
}

} // namespace

void mlir::kiln::scheduleDonatedWriters(
    func::FuncOp func, ArrayRef<std::optional<int64_t>> donations) {
  Block &body = func.getBody().front();
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  // The writer of each donated result and the arguments it replaces.
  llvm::MapVector<Operation *, SmallVector<Value>> writers;
  for (auto [arg, result] : llvm::enumerate(donations)) {
    if (!result)
      continue;
    Operation *producer = ret.getOperand(*result).getDefiningOp();
    if (!producer || producer->getBlock() != &body ||
        !llvm::all_of(producer->getUsers(),
                      [&](Operation *user) { return user == ret; }))
      continue;
    writers[producer].push_back(func.getArgument(arg));
  }
  // Readers of an argument: users of it and of its views.
  auto readersOf = [](Value arg) {
    return readersThroughViews(arg, /*withViews=*/true);
  };
  // Small values a writer reads (Adam's bias corrections, computed from
  // the step count) go up to where their own operands allow, so that they
  // do not hold the writers back until the end of the step.
  std::function<void(Operation *)> hoist = [&](Operation *op) {
    if (!op || op->getBlock() != &body || op == ret ||
        !isMemoryEffectFree(op) || !isSmall(op))
      return;
    Operation *last = nullptr;
    for (Value operand : usedValues(op)) {
      Operation *def = operand.getDefiningOp();
      hoist(def);
      if (def && def->getBlock() == &body &&
          (!last || last->isBeforeInBlock(def)))
        last = def;
    }
    if (last)
      op->moveAfter(last);
    else
      op->moveBefore(&body, body.begin());
  };
  for (auto &entry : writers)
    for (Value operand : usedValues(entry.first))
      hoist(operand.getDefiningOp());

  // Moves can enable each other (a writer that reads another's argument
  // must precede it); a few rounds settle any order without cycles, and a
  // cycle (a swap) is left to bufferization, which copies.
  for (int round = 0; round < 4; ++round) {
    bool moved = false;
    for (auto &[writer, args] : writers) {
      Operation *last = nullptr;
      auto after = [&](Operation *op) {
        op = op ? inBlock(body, op) : nullptr;
        if (op && op != writer && op != ret &&
            (!last || last->isBeforeInBlock(op)))
          last = op;
      };
      for (Value operand : usedValues(writer))
        after(operand.getDefiningOp());
      for (Value arg : args)
        for (Operation *reader : readersOf(arg))
          after(reader);
      Operation *previous = writer->getPrevNode();
      if (last == previous || (!last && !previous))
        continue;
      if (last)
        writer->moveAfter(last);
      else
        writer->moveBefore(&body, body.begin());
      moved = true;
    }
    if (!moved)
      break;
  }
}
