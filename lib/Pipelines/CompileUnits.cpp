//===- CompileUnits.cpp - The unit modules of the codegen phase -----------===//

#include "kiln/Pipelines/CompileUnits.h"
#include "kiln/Compiler/ModelHeader.h"
#include "kiln/Compiler/ModelSignature.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::kiln;

/// What a runtime knows an argument or result by is in the signature; the
/// lowering has no use for the names or the parameter marks.
static void dropSignatureAttrs(func::FuncOp func) {
  MLIRContext *context = func.getContext();
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
    func.removeArgAttr(i, StringAttr::get(context, KilnDialect::kNameAttrName));
    func.removeArgAttr(
        i, StringAttr::get(context, KilnDialect::kParameterAttrName));
  }
  for (unsigned i = 0, e = func.getNumResults(); i < e; ++i)
    func.removeResultAttr(i,
                          StringAttr::get(context, KilnDialect::kNameAttrName));
}

LogicalResult mlir::kiln::makeCompileUnits(ModuleOp module,
                                           ArrayRef<UnitRequest> requests) {
  MLIRContext *context = module.getContext();
  struct Planned {
    std::string function;
    CompileUnitAttr unit;
  };
  SmallVector<Planned> planned;
  for (const UnitRequest &request : requests) {
    FailureOr<func::FuncOp> func = findEntryFunction(module, request.function);
    if (failed(func))
      return failure();
    FailureOr<ModelSignature> signature = getModelSignature(*func);
    if (failed(signature))
      return failure();
    std::string symbol = request.symbol.empty()
                             ? getModelSymbol(func->getSymName())
                             : request.symbol;
    planned.push_back({func->getSymName().str(),
                       getCompileUnitAttr(context, *signature, symbol,
                                          request.trainParameters)});
  }

  SmallVector<Operation *> body;
  for (Operation &op : module.getBody()->getOperations())
    body.push_back(&op);
  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  for (const Planned &plan : planned) {
    auto unit =
        ModuleOp::create(builder, module.getLoc(), plan.unit.getSymbol());
    unit->setAttr(KilnDialect::kUnitAttrName, plan.unit);
    OpBuilder inside = OpBuilder::atBlockEnd(unit.getBody());
    for (Operation *op : body)
      inside.clone(*op);
    for (auto func : unit.getOps<func::FuncOp>()) {
      if (func.getSymName() != plan.function) {
        func.setPrivate();
        continue;
      }
      func.setPublic();
      dropSignatureAttrs(func);
    }
  }
  for (Operation *op : body)
    op->erase();
  // The module's own attributes (a weights list, say) belong to no unit.
  return success();
}

SmallVector<ModuleOp> mlir::kiln::getCompileUnits(ModuleOp module) {
  SmallVector<ModuleOp> units;
  for (auto unit : module.getOps<ModuleOp>())
    if (getCompileUnit(unit))
      units.push_back(unit);
  return units;
}

CompileUnitAttr mlir::kiln::getCompileUnit(ModuleOp unit) {
  return unit->getAttrOfType<CompileUnitAttr>(KilnDialect::kUnitAttrName);
}
