//===- DonateBuffers.cpp - The --kiln-donate-buffers pass -----------------===//

#include "kiln/Conversion/Passes.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/MapVector.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_DONATEBUFFERSPASS
#include "kiln/Conversion/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

constexpr StringLiteral kDonatedTo = "kiln.donated_to";

/// `value` seen through the tensor ops that bufferize to views of their
/// operand.
Value stripViews(Value value) {
  while (Operation *op = value.getDefiningOp()) {
    if (!isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp, tensor::CastOp,
             tensor::ExtractSliceOp>(op))
      break;
    value = op->getOperand(0);
  }
  return value;
}

/// The result each argument is donated to, checked: an existing result of
/// the argument's type, and at most one argument per result.
FailureOr<SmallVector<std::optional<int64_t>>>
getDonations(func::FuncOp func) {
  SmallVector<std::optional<int64_t>> donations(func.getNumArguments());
  SmallVector<int64_t> donor(func.getNumResults(), -1);
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
    auto attr = func.getArgAttrOfType<IntegerAttr>(i, kDonatedTo);
    if (!attr)
      continue;
    int64_t result = attr.getInt();
    if (result < 0 || result >= static_cast<int64_t>(func.getNumResults()))
      return func.emitError("argument ")
             << i << " is donated to result " << result << ", but '"
             << func.getName() << "' has " << func.getNumResults()
             << " results";
    if (func.getArgumentTypes()[i] != func.getResultTypes()[result])
      return func.emitError("argument ")
             << i << " of type " << func.getArgumentTypes()[i]
             << " is donated to result " << result << " of type "
             << func.getResultTypes()[result];
    if (donor[result] >= 0)
      return func.emitError("arguments ")
             << donor[result] << " and " << i << " are both donated to result "
             << result;
    donor[result] = i;
    donations[i] = result;
  }
  return donations;
}

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
    return !tensor || (tensor.hasStaticShape() && tensor.getNumElements() <= 64);
  });
}

/// Moves each op that computes only donated results to just after the last
/// op it must follow: the definitions of its operands and every other
/// reader of the old values it replaces (the donated arguments and views of
/// them). The in-place write then conflicts with no later read, and it
/// happens as early as that allows, so that the gradient it consumes dies
/// early instead of living until the end of the step.
void scheduleWriters(func::FuncOp func,
                     ArrayRef<std::optional<int64_t>> donations) {
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
  auto readersOf = [&](Value arg) {
    SmallVector<Operation *> readers;
    SmallVector<Value> aliases = {arg};
    while (!aliases.empty()) {
      Value alias = aliases.pop_back_val();
      for (Operation *user : alias.getUsers()) {
        if (isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp, tensor::CastOp,
                tensor::ExtractSliceOp>(user))
          aliases.push_back(user->getResult(0));
        readers.push_back(user);
      }
    }
    return readers;
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

struct DonateBuffersPass
    : kiln::impl::DonateBuffersPassBase<DonateBuffersPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal() || !func.isPublic())
      return;
    FailureOr<SmallVector<std::optional<int64_t>>> donations =
        getDonations(func);
    if (failed(donations))
      return signalPassFailure();
    if (!func.getBody().hasOneBlock()) {
      if (llvm::any_of(*donations, [](auto d) { return d.has_value(); })) {
        func.emitError("buffer donation needs a function body of one block");
        return signalPassFailure();
      }
      return;
    }

    OpBuilder b(func.getContext());
    for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
      if (isa<TensorType>(func.getArgumentTypes()[i]))
        func.setArgAttr(i, bufferization::BufferizationDialect::kWritableAttrName,
                        b.getBoolAttr((*donations)[i].has_value()));

    Block &body = func.getBody().front();
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    // A result that is another argument, or a view of one, is read by the
    // materialization at the end, possibly after that argument was updated
    // (two donated arguments that swap); one-shot bufferization cannot move
    // that read, so the value is copied where it is defined.
    for (auto [arg, result] : llvm::enumerate(*donations)) {
      if (!result)
        continue;
      OpOperand &returned = ret->getOpOperand(*result);
      Value value = returned.get();
      if (value == func.getArgument(arg) ||
          !isa<BlockArgument>(stripViews(value)))
        continue;
      if (Operation *def = value.getDefiningOp())
        b.setInsertionPointAfter(def);
      else
        b.setInsertionPointToStart(&body);
      returned.set(bufferization::AllocTensorOp::create(
          b, ret.getLoc(), cast<RankedTensorType>(value.getType()),
          ValueRange(), value));
    }
    scheduleWriters(func, *donations);

    b.setInsertionPoint(ret);
    for (auto [arg, result] : llvm::enumerate(*donations)) {
      if (!result)
        continue;
      Value dest = func.getArgument(arg);
      OpOperand &returned = ret->getOpOperand(*result);
      if (returned.get() == dest)
        continue;
      auto materialize = bufferization::MaterializeInDestinationOp::create(
          b, ret.getLoc(), returned.get(), dest);
      returned.set(materialize.getResult());
    }
  }
};

} // namespace
