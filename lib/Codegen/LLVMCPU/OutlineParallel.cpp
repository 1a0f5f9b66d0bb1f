//===- OutlineParallel.cpp - The --kiln-outline-parallel pass -------------===//
//
// Parallel loops become calls into the runtime's thread pool. The loop body
// becomes a function of (context, index); the values it uses from outside
// travel in a stack record whose fields are LLVM types: a buffer travels as
// its memref descriptor (unrealized casts on both sides, which cancel
// against the memref-to-LLVM conversion), an index as i64.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/LLVMCPU/Passes.h"
#include "kiln/KilnDialect.h"

#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_OUTLINEPARALLELPASS
#include "kiln/Codegen/LLVMCPU/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

constexpr StringLiteral kParallelFor = "kiln_parallel_for";
constexpr StringLiteral kRuntimeAttr =
    mlir::kiln::KilnDialect::kRuntimeAttrName;

/// The LLVM type a captured value travels as, or null if it cannot.
Type getTravelType(Type type) {
  MLIRContext *context = type.getContext();
  auto i64 = IntegerType::get(context, 64);
  if (isa<IndexType>(type))
    return i64;
  if (isa<IntegerType, FloatType>(type))
    return type;
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref || memref.getMemorySpace())
    return nullptr;
  auto ptr = LLVM::LLVMPointerType::get(context);
  SmallVector<Type> fields = {ptr, ptr, i64};
  if (memref.getRank() > 0) {
    auto array = LLVM::LLVMArrayType::get(i64, memref.getRank());
    fields.append({array, array});
  }
  return LLVM::LLVMStructType::getLiteral(context, fields);
}

/// Converts `value` to or from its travel type.
Value toTravel(OpBuilder &b, Location loc, Value value, Type travel) {
  if (value.getType() == travel)
    return value;
  if (isa<IndexType>(value.getType()))
    return arith::IndexCastOp::create(b, loc, travel, value);
  return UnrealizedConversionCastOp::create(b, loc, travel, value).getResult(0);
}
Value fromTravel(OpBuilder &b, Location loc, Value value, Type original) {
  if (value.getType() == original)
    return value;
  if (isa<IndexType>(original))
    return arith::IndexCastOp::create(b, loc, original, value);
  return UnrealizedConversionCastOp::create(b, loc, original, value)
      .getResult(0);
}

/// Whether the pass can hand this loop to the runtime.
bool isOutlinable(scf::ForallOp loop) {
  if (loop.getRank() != 1 || !loop.getOutputs().empty())
    return false;
  std::optional<int64_t> lb = getConstantIntValue(loop.getMixedLowerBound()[0]);
  std::optional<int64_t> step = getConstantIntValue(loop.getMixedStep()[0]);
  return lb == 0 && step == 1;
}

/// Moves the fixed-size stack allocations of a loop that will run serially
/// to the entry block of its function.
void hoistAllocas(scf::ForallOp loop, Block &entry) {
  loop.walk([&](memref::AllocaOp alloca) {
    if (alloca.getType().hasStaticShape() && alloca->getNumOperands() == 0)
      alloca->moveBefore(&entry, entry.begin());
  });
}

struct OutlineParallelPass
    : kiln::impl::OutlineParallelPassBase<OutlineParallelPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> functions(module.getOps<func::FuncOp>());
    for (func::FuncOp function : functions) {
      if (function.isExternal())
        continue;
      Value runtime;
      if (function.isPublic()) {
        auto ptr = LLVM::LLVMPointerType::get(&getContext());
        unsigned index = function.getNumArguments();
        if (failed(function.insertArgument(index, ptr, {}, function.getLoc())))
          return signalPassFailure();
        function->setAttr(kRuntimeAttr, UnitAttr::get(&getContext()));
        runtime = function.getArgument(index);
      }
      SmallVector<scf::ForallOp> loops;
      function.walk<WalkOrder::PreOrder>([&](scf::ForallOp loop) {
        loops.push_back(loop);
        return WalkResult::skip();
      });
      unsigned counter = 0;
      for (scf::ForallOp loop : loops) {
        if (!runtime || !isOutlinable(loop) ||
            failed(outline(loop, function, runtime, counter++)))
          hoistAllocas(loop, function.front());
      }
    }
  }

  /// Replaces `loop` by a kiln_parallel_for call on an outlined body.
  LogicalResult outline(scf::ForallOp loop, func::FuncOp parent, Value runtime,
                        unsigned counter) {
    MLIRContext *context = &getContext();
    Location loc = loop.getLoc();
    SetVector<Value> captured;
    getUsedValuesDefinedAbove(loop.getRegion(), captured);
    SmallVector<Value> constants, slots;
    SmallVector<Type> slotTypes;
    for (Value value : captured) {
      if (matchPattern(value, m_Constant())) {
        constants.push_back(value);
        continue;
      }
      Type travel = getTravelType(value.getType());
      if (!travel)
        return failure();
      slots.push_back(value);
      slotTypes.push_back(travel);
    }
    auto record = LLVM::LLVMStructType::getLiteral(context, slotTypes);
    auto ptr = LLVM::LLVMPointerType::get(context);
    auto i64 = IntegerType::get(context, 64);
    auto i32 = IntegerType::get(context, 32);
    auto taskType = FunctionType::get(context, {ptr, i64}, {});

    // The body: func.func private @<parent>_parallel<N>(%context, %i).
    OpBuilder b(context);
    b.setInsertionPointAfter(parent);
    auto body = func::FuncOp::create(
        b, loc, (parent.getName() + "_parallel" + Twine(counter)).str(),
        taskType);
    body.setPrivate();
    SymbolTable(getOperation()).insert(body);
    Block *entry = body.addEntryBlock();
    b.setInsertionPointToStart(entry);
    IRMapping mapping;
    for (Value value : constants)
      mapping.map(value, b.clone(*value.getDefiningOp())->getResult(0));
    for (auto [index, value] : llvm::enumerate(slots)) {
      Value field = LLVM::GEPOp::create(
          b, loc, ptr, record, entry->getArgument(0),
          ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(index)});
      Value loaded = LLVM::LoadOp::create(b, loc, slotTypes[index], field);
      mapping.map(value, fromTravel(b, loc, loaded, value.getType()));
    }
    mapping.map(loop.getInductionVar(0),
                fromTravel(b, loc, entry->getArgument(1), b.getIndexType()));
    for (Operation &op : loop.getBody()->without_terminator())
      b.clone(op, mapping);
    func::ReturnOp::create(b, loc);
    // Loops nested in the body run serially inside each task.
    body.walk([&](scf::ForallOp inner) { hoistAllocas(inner, *entry); });

    // The call: the record on the caller's stack, filled in place of the
    // loop.
    b.setInsertionPointToStart(&parent.front());
    Value one = LLVM::ConstantOp::create(b, loc, i32, 1);
    Value contextPtr = LLVM::AllocaOp::create(b, loc, ptr, record, one);
    b.setInsertionPoint(loop);
    for (auto [index, value] : llvm::enumerate(slots)) {
      Value field = LLVM::GEPOp::create(
          b, loc, ptr, record, contextPtr,
          ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(index)});
      LLVM::StoreOp::create(b, loc, toTravel(b, loc, value, slotTypes[index]),
                            field);
    }
    Value count = toTravel(
        b, loc,
        getValueOrCreateConstantIndexOp(b, loc, loop.getMixedUpperBound()[0]),
        i64);
    Value task =
        func::ConstantOp::create(b, loc, taskType, SymbolRefAttr::get(body));
    func::CallOp::create(b, loc, getParallelFor(taskType),
                         ValueRange{runtime, count, task, contextPtr});
    loop.erase();
    return success();
  }

  /// Declares `void kiln_parallel_for(ptr, i64, task, ptr)` once.
  func::FuncOp getParallelFor(FunctionType taskType) {
    ModuleOp module = getOperation();
    if (auto existing = module.lookupSymbol<func::FuncOp>(kParallelFor))
      return existing;
    MLIRContext *context = &getContext();
    auto ptr = LLVM::LLVMPointerType::get(context);
    auto type = FunctionType::get(
        context, {ptr, IntegerType::get(context, 64), taskType, ptr}, {});
    OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
    auto declaration =
        func::FuncOp::create(b, module.getLoc(), kParallelFor, type);
    declaration.setPrivate();
    return declaration;
  }
};

} // namespace
