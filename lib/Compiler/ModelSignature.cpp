//===- ModelSignature.cpp - Inputs and outputs of a compiled model --------===//

#include "kiln/Compiler/ModelSignature.h"
#include "kiln/Analysis/ElementStorage.h"
#include "kiln/KilnDialect.h"
#include "kiln/Runtime/kiln_runtime.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::kiln;

FailureOr<func::FuncOp> mlir::kiln::findEntryFunction(ModuleOp module,
                                                      StringRef name) {
  if (!name.empty()) {
    auto func = module.lookupSymbol<func::FuncOp>(name);
    if (!func || func.isExternal())
      return module.emitError("no function '") << name << "' with a body";
    return func;
  }
  func::FuncOp found;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal() || !func.isPublic())
      continue;
    if (found)
      return module.emitError("several public functions ('")
             << found.getName() << "', '" << func.getName()
             << "'); choose one with --entry";
    found = func;
  }
  if (!found)
    return module.emitError("no public function with a body to compile");
  return found;
}

static FailureOr<TensorSignature> getTensorSignature(func::FuncOp func,
                                                     Type type, StringAttr name,
                                                     std::string fallback) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  std::optional<int64_t> dtype =
      tensor ? getRuntimeDtype(tensor.getElementType()) : std::nullopt;
  if (!tensor || !tensor.hasStaticShape() || !dtype)
    return func.emitError("'")
           << (name ? name.str() : fallback) << "' has type " << type
           << ", which a compiled model cannot take or return (expected a "
              "statically shaped tensor of f32, f64, f16, bf16, i64, i32, "
              "i16, i8, ui64, ui32, ui16, ui8 or i1)";
  return TensorSignature{name ? name.str() : fallback, *dtype,
                         SmallVector<int64_t>(tensor.getShape()),
                         tensor.getElementType()};
}

FailureOr<ModelSignature> mlir::kiln::getModelSignature(func::FuncOp func) {
  ModelSignature signature;
  signature.function = func.getName().str();
  // Inputs, then results: types, their `kiln.name`s, the fallback prefix.
  auto collect = [&](TypeRange types, ArrayRef<Attribute> attrs,
                     StringRef prefix,
                     std::vector<TensorSignature> &into) -> LogicalResult {
    for (auto [i, type] : llvm::enumerate(types)) {
      StringAttr name;
      if (i < attrs.size())
        if (auto dict = dyn_cast_or_null<DictionaryAttr>(attrs[i]))
          name = dict.getAs<StringAttr>(KilnDialect::kNameAttrName);
      auto tensor =
          getTensorSignature(func, type, name, (prefix + Twine(i)).str());
      if (failed(tensor))
        return failure();
      into.push_back(*tensor);
    }
    return success();
  };
  auto argAttrs = func.getArgAttrsAttr();
  auto resultAttrs = func.getResAttrsAttr();
  if (failed(collect(func.getArgumentTypes(),
                     argAttrs ? argAttrs.getValue() : ArrayRef<Attribute>(),
                     "input", signature.inputs)) ||
      failed(
          collect(func.getResultTypes(),
                  resultAttrs ? resultAttrs.getValue() : ArrayRef<Attribute>(),
                  "result", signature.outputs)))
    return failure();
  // Results held in a donated argument's buffer are no outputs.
  llvm::SmallDenseSet<int64_t> donated;
  for (auto [i, input] : llvm::enumerate(signature.inputs))
    if (auto to = func.getArgAttrOfType<IntegerAttr>(
            i, KilnDialect::kDonatedToAttrName)) {
      input.donatedTo = to.getInt();
      donated.insert(input.donatedTo);
    }
  std::vector<TensorSignature> outputs;
  for (auto [i, output] : llvm::enumerate(signature.outputs))
    if (!donated.contains(i))
      outputs.push_back(std::move(output));
  signature.outputs = std::move(outputs);
  return signature;
}

CompileUnitAttr mlir::kiln::getCompileUnitAttr(MLIRContext *context,
                                               const ModelSignature &signature,
                                               StringRef symbol,
                                               int64_t trainParameters) {
  auto list = [&](ArrayRef<TensorSignature> tensors) {
    SmallVector<Attribute> entries;
    for (const TensorSignature &tensor : tensors)
      entries.push_back(TensorSignatureAttr::get(
          context, tensor.name,
          RankedTensorType::get(tensor.shape, tensor.elementType),
          tensor.donatedTo));
    return ArrayAttr::get(context, entries);
  };
  return CompileUnitAttr::get(context, signature.function, symbol,
                              list(signature.inputs), list(signature.outputs),
                              trainParameters);
}

FailureOr<ModelSignature>
mlir::kiln::getUnitSignature(CompileUnitAttr unit,
                             function_ref<InFlightDiagnostic()> emitError) {
  ModelSignature signature;
  signature.function = unit.getFunction().str();
  auto collect = [&](ArrayAttr list,
                     std::vector<TensorSignature> &into) -> LogicalResult {
    for (auto entry : list.getAsRange<TensorSignatureAttr>()) {
      RankedTensorType type = entry.getType();
      std::optional<int64_t> dtype = getRuntimeDtype(type.getElementType());
      if (!dtype)
        return emitError() << "'" << entry.getName() << "' has type " << type
                           << ", which a compiled model cannot take or "
                              "return";
      TensorSignature tensor{entry.getName().str(), *dtype,
                             SmallVector<int64_t>(type.getShape()),
                             type.getElementType()};
      tensor.donatedTo = entry.getDonatedTo();
      into.push_back(std::move(tensor));
    }
    return success();
  };
  if (failed(collect(unit.getInputs(), signature.inputs)) ||
      failed(collect(unit.getOutputs(), signature.outputs)))
    return failure();
  return signature;
}
