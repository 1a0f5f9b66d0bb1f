//===- DropDonatedResults.cpp - The --kiln-drop-donated-results pass ------===//

#include "kiln/Codegen/Common/Passes.h"
#include "kiln/KilnDialect.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_DROPDONATEDRESULTSPASS
#include "kiln/Codegen/Common/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

constexpr StringLiteral kDonatedTo =
    mlir::kiln::KilnDialect::kDonatedToAttrName;

/// `value` without the casts bufferization may put between an argument's
/// buffer and its use.
Value stripCasts(Value value) {
  while (auto cast = value.getDefiningOp<memref::CastOp>())
    value = cast.getSource();
  return value;
}

LogicalResult dropDonatedResults(func::FuncOp func) {
  llvm::BitVector dropped(func.getNumResults());
  SmallVector<unsigned> donors;
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
    auto attr = func.getArgAttrOfType<IntegerAttr>(i, kDonatedTo);
    if (!attr)
      continue;
    donors.push_back(i);
    int64_t result = attr.getInt();
    if (result < 0 || result >= static_cast<int64_t>(func.getNumResults()))
      return func.emitError("argument ") << i << " is donated to result "
                                         << result << ", which does not exist";
    for (Block &block : func.getBody()) {
      auto ret = dyn_cast<func::ReturnOp>(block.getTerminator());
      if (ret && stripCasts(ret.getOperand(result)) != func.getArgument(i))
        return ret.emitError("result ")
               << result << " is donated argument " << i
               << "'s, but it is not returned in that argument's buffer "
                  "(run kiln-donate-buffers and one-shot bufferization "
                  "first)";
    }
    dropped.set(result);
  }
  if (dropped.none())
    return success();
  for (Block &block : func.getBody())
    if (auto ret = dyn_cast<func::ReturnOp>(block.getTerminator()))
      ret->eraseOperands(dropped);
  if (failed(func.eraseResults(dropped)))
    return failure();
  for (unsigned i : donors)
    func.removeArgAttr(i, kDonatedTo);
  return success();
}

struct DropDonatedResultsPass
    : kiln::impl::DropDonatedResultsPassBase<DropDonatedResultsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal() || !func.isPublic())
        continue;
      bool donates = false;
      for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
        donates |= static_cast<bool>(func.getArgAttr(i, kDonatedTo));
      if (!donates)
        continue;
      std::optional<SymbolTable::UseRange> uses =
          SymbolTable::getSymbolUses(func, module);
      if (!uses || !uses->empty()) {
        func.emitError("'") << func.getName()
                            << "' donates buffers and is called in the "
                               "module; donation applies to entry points";
        return signalPassFailure();
      }
      if (failed(dropDonatedResults(func)))
        return signalPassFailure();
    }
  }
};

} // namespace
