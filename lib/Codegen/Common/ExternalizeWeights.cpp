//===- ExternalizeWeights.cpp - The --kiln-externalize-weights pass -------===//

#include "kiln/Analysis/ElementStorage.h"
#include "kiln/Codegen/Common/Passes.h"
#include "kiln/KilnDialect.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_EXTERNALIZEWEIGHTSPASS
#include "kiln/Codegen/Common/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

namespace {

constexpr int64_t kWeightsAlignment = 64;

/// The bytes a constant global occupies in the weights blob, or nullopt if
/// it stays embedded.
std::optional<int64_t> getWeightBytes(memref::GlobalOp global) {
  if (!global.getConstant() || !global.getInitialValue())
    return std::nullopt;
  auto value = dyn_cast<DenseElementsAttr>(*global.getInitialValue());
  MemRefType type = global.getType();
  if (!value || !type.hasStaticShape() || !type.getLayout().isIdentity() ||
      type.getMemorySpace())
    return std::nullopt;
  // Constants are copied byte for byte from their attribute's raw data.
  if (!isa<IntegerType, FloatType>(type.getElementType()) ||
      type.getElementTypeBitWidth() % 8 != 0)
    return std::nullopt;
  return getStorageBytes(type);
}

struct ExternalizeWeightsPass
    : kiln::impl::ExternalizeWeightsPassBase<ExternalizeWeightsPass> {
  using ExternalizeWeightsPassBase::ExternalizeWeightsPassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();
    SymbolTable symbols(module);
    // One blob for the module: every global gets one offset, shared by the
    // functions that use it.
    llvm::MapVector<memref::GlobalOp, int64_t> offsets;
    int64_t blobBytes = 0;
    auto offsetOf = [&](memref::GlobalOp global, int64_t bytes) -> int64_t {
      auto [it, inserted] = offsets.insert({global, blobBytes});
      if (inserted)
        blobBytes = llvm::alignTo(blobBytes + bytes, kWeightsAlignment);
      return it->second;
    };

    SmallVector<std::pair<func::FuncOp, SmallVector<memref::GetGlobalOp>>>
        users;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal() || !func.isPublic())
        continue;
      SmallVector<memref::GetGlobalOp> gets;
      func.walk([&](memref::GetGlobalOp get) {
        auto global =
            symbols.lookup<memref::GlobalOp>(get.getNameAttr().getValue());
        std::optional<int64_t> bytes =
            global ? getWeightBytes(global) : std::nullopt;
        if (bytes && *bytes >= minBytes) {
          offsetOf(global, *bytes);
          gets.push_back(get);
        }
      });
      if (!gets.empty())
        users.push_back({func, std::move(gets)});
    }
    if (users.empty())
      return;

    auto blobType = MemRefType::get({blobBytes}, IntegerType::get(context, 8));
    for (auto &[func, gets] : users) {
      unsigned index = func.getNumArguments();
      if (failed(func.insertArgument(index, blobType, {}, func.getLoc())))
        return signalPassFailure();
      func->setAttr(KilnDialect::kWeightsBytesAttrName,
                    IntegerAttr::get(IntegerType::get(context, 64), blobBytes));
      Value blob = func.getArgument(index);
      for (memref::GetGlobalOp get : gets) {
        auto global =
            symbols.lookup<memref::GlobalOp>(get.getNameAttr().getValue());
        OpBuilder b(get);
        Value offset =
            arith::ConstantIndexOp::create(b, get.getLoc(), offsets[global]);
        Value view = memref::ViewOp::create(b, get.getLoc(), get.getType(),
                                            blob, offset, ValueRange{});
        get.replaceAllUsesWith(view);
        get.erase();
      }
    }

    SmallVector<Attribute> entries;
    for (auto &[global, offset] : offsets) {
      entries.push_back(DictionaryAttr::get(
          context, {NamedAttribute(StringAttr::get(context, "offset"),
                                   IntegerAttr::get(
                                       IntegerType::get(context, 64), offset)),
                    NamedAttribute(StringAttr::get(context, "value"),
                                   *global.getInitialValue())}));
    }
    module->setAttr(KilnDialect::kWeightsAttrName,
                    ArrayAttr::get(context, entries));
    for (auto &[global, offset] : offsets)
      if (SymbolTable::symbolKnownUseEmpty(global, module))
        global.erase();
  }
};

} // namespace
