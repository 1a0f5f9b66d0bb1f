//===- PlanMemory.cpp - The --kiln-plan-memory pass -----------------------===//
//
// A static memory plan: every top-level static buffer of a public function
// gets an offset in one arena, computed from live ranges at compile time.
//
//===----------------------------------------------------------------------===//

#include "kiln/Analysis/ElementStorage.h"
#include "kiln/Codegen/Common/Passes.h"
#include "kiln/KilnDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_PLANMEMORYPASS
#include "kiln/Codegen/Common/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

namespace {

struct Buffer {
  memref::AllocOp alloc;
  int64_t bytes;
  int64_t begin, end; // live range in top-level op positions, inclusive
  int64_t offset = -1;
};

/// The position of `op`'s ancestor in `block`'s op list.
int64_t topLevelPosition(Operation *op, Block &block,
                         const DenseMap<Operation *, int64_t> &positions) {
  Operation *ancestor = block.findAncestorOpInBlock(*op);
  return positions.lookup(ancestor);
}

/// The first and last top-level positions at which `value` or a view of it
/// is used, or nullopt when it escapes (returned, passed to a call, stored,
/// its address taken) or is never used.
std::optional<std::pair<int64_t, int64_t>>
useRange(Value value, Block &block,
         const DenseMap<Operation *, int64_t> &positions) {
  int64_t first = INT64_MAX, last = -1;
  SmallVector<Value> worklist = {value};
  while (!worklist.empty()) {
    Value current = worklist.pop_back_val();
    for (OpOperand &use : current.getUses()) {
      Operation *user = use.getOwner();
      // A buffer whose address is taken as an integer (the MPI collectives'
      // runtime calls) is used wherever that integer goes: unknown here.
      if (isa<func::ReturnOp, CallOpInterface,
              memref::ExtractAlignedPointerAsIndexOp>(user) ||
          (isa<memref::StoreOp>(user) &&
           use.getOperandNumber() == 0)) // the buffer stored as a value
        return std::nullopt;
      int64_t position = topLevelPosition(user, block, positions);
      first = std::min(first, position);
      last = std::max(last, position);
      if (auto view = dyn_cast<ViewLikeOpInterface>(user))
        if (view.getViewSource() == current)
          for (Value result : user->getResults())
            worklist.push_back(result);
    }
  }
  if (last < 0)
    return std::nullopt;
  return std::make_pair(first, last);
}

/// Bytes of a statically shaped memref (i1 occupies a byte, as in LLVM).
std::optional<int64_t> staticBytes(MemRefType type) {
  if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
      !type.getElementType().isIntOrFloat())
    return std::nullopt;
  return getStorageBytes(type);
}

/// Greedy placement, largest first, at the lowest aligned offset that
/// overlaps no already placed buffer live at the same time. Returns the
/// arena size.
int64_t placeBuffers(MutableArrayRef<Buffer> buffers, int64_t alignment) {
  SmallVector<Buffer *> order;
  for (Buffer &buffer : buffers)
    order.push_back(&buffer);
  llvm::stable_sort(order,
                    [](Buffer *a, Buffer *b) { return a->bytes > b->bytes; });
  int64_t arena = 0;
  SmallVector<Buffer *> placed;
  for (Buffer *buffer : order) {
    // Candidate offsets: 0 and the aligned end of each overlapping buffer.
    SmallVector<Buffer *> conflicts;
    for (Buffer *other : placed)
      if (other->begin <= buffer->end && buffer->begin <= other->end)
        conflicts.push_back(other);
    llvm::sort(conflicts,
               [](Buffer *a, Buffer *b) { return a->offset < b->offset; });
    int64_t offset = 0;
    for (Buffer *other : conflicts) {
      if (offset + buffer->bytes <= other->offset)
        break;
      offset = std::max<int64_t>(
          offset, llvm::alignTo(other->offset + other->bytes, alignment));
    }
    buffer->offset = offset;
    arena = std::max(arena, offset + buffer->bytes);
    placed.push_back(buffer);
  }
  return static_cast<int64_t>(llvm::alignTo(arena, alignment));
}

struct PlanMemoryPass : kiln::impl::PlanMemoryPassBase<PlanMemoryPass> {
  using PlanMemoryPassBase::PlanMemoryPassBase;

  void runOnOperation() override {
    if (alignment <= 0 || !llvm::isPowerOf2_64(alignment)) {
      getOperation().emitError("kiln-plan-memory: alignment must be a "
                               "positive power of two, got ")
          << alignment.getValue();
      return signalPassFailure();
    }
    SymbolTableCollection symbols;
    SymbolUserMap users(symbols, getOperation());
    getOperation().walk([&](func::FuncOp func) {
      // Only functions nobody calls: a new argument would break callers.
      if (func.isExternal() || !func.isPublic() ||
          !users.getUsers(func).empty())
        return;
      planFunction(func);
    });
  }

  void planFunction(func::FuncOp func) {
    Block &block = func.getBody().front();
    DenseMap<Operation *, int64_t> positions;
    int64_t position = 0;
    for (Operation &op : block)
      positions[&op] = position++;

    SmallVector<Buffer> buffers;
    for (auto alloc : block.getOps<memref::AllocOp>()) {
      std::optional<int64_t> bytes = staticBytes(alloc.getType());
      if (!bytes)
        continue;
      // A buffer holds nothing before its first use: bufferization leaves
      // allocations where their tensor.empty was, which may be far earlier
      // (an accumulator's fill placed with the others, say).
      std::optional<std::pair<int64_t, int64_t>> range =
          useRange(alloc, block, positions);
      if (!range)
        continue;
      buffers.push_back({alloc, *bytes, range->first, range->second});
    }
    int64_t arenaBytes = placeBuffers(buffers, alignment);

    MLIRContext *context = func.getContext();
    auto arenaType =
        MemRefType::get({arenaBytes}, IntegerType::get(context, 8));
    unsigned argIndex = func.getNumArguments();
    if (failed(func.insertArgument(
            argIndex, arenaType, DictionaryAttr::get(context), func.getLoc())))
      return signalPassFailure();
    Value arena = func.getArgument(argIndex);
    func->setAttr(KilnDialect::kArenaBytesAttrName,
                  IntegerAttr::get(IntegerType::get(context, 64), arenaBytes));

    for (Buffer &buffer : buffers) {
      OpBuilder b(buffer.alloc);
      Value offset = arith::ConstantIndexOp::create(b, buffer.alloc.getLoc(),
                                                    buffer.offset);
      Value view = memref::ViewOp::create(b, buffer.alloc.getLoc(),
                                          buffer.alloc.getType(), arena, offset,
                                          ValueRange{});
      for (Operation *user :
           llvm::make_early_inc_range(buffer.alloc->getUsers()))
        if (isa<memref::DeallocOp>(user))
          user->erase();
      buffer.alloc.replaceAllUsesWith(view);
      buffer.alloc.erase();
    }
  }
};

} // namespace
