//===- ModelSignature.cpp - Inputs and outputs of a compiled model --------===//

#include "kiln/Compiler/ModelSignature.h"
#include "kiln/Runtime/kiln_runtime.h"

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

static std::optional<int64_t> getDtype(Type type) {
  if (type.isF32()) return KILN_F32;
  if (type.isF64()) return KILN_F64;
  if (type.isF16()) return KILN_F16;
  if (type.isBF16()) return KILN_BF16;
  if (type.isInteger(64)) return KILN_I64;
  if (type.isInteger(32)) return KILN_I32;
  if (type.isInteger(8)) return KILN_I8;
  if (type.isInteger(1)) return KILN_BOOL;
  return std::nullopt;
}

static FailureOr<TensorSignature> getTensorSignature(func::FuncOp func,
                                                     Type type,
                                                     StringAttr name,
                                                     std::string fallback) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  std::optional<int64_t> dtype =
      tensor ? getDtype(tensor.getElementType()) : std::nullopt;
  if (!tensor || !tensor.hasStaticShape() || !dtype)
    return func.emitError("'")
           << (name ? name.str() : fallback) << "' has type " << type
           << ", which a compiled model cannot take or return (expected a "
              "statically shaped tensor of f32, f64, f16, bf16, i64, i32, "
              "i8 or i1)";
  return TensorSignature{name ? name.str() : fallback, *dtype,
                         SmallVector<int64_t>(tensor.getShape()),
                         tensor.getElementType()};
}

FailureOr<ModelSignature> mlir::kiln::getModelSignature(func::FuncOp func) {
  ModelSignature signature;
  signature.function = func.getName().str();
  FunctionType type = func.getFunctionType();
  for (auto [i, input] : llvm::enumerate(type.getInputs())) {
    auto name = func.getArgAttrOfType<StringAttr>(i, "kiln.name");
    auto tensor = getTensorSignature(func, input, name,
                                     llvm::formatv("input{0}", i).str());
    if (failed(tensor))
      return failure();
    signature.inputs.push_back(*tensor);
  }
  for (auto [i, result] : llvm::enumerate(type.getResults())) {
    auto name = func.getResultAttrOfType<StringAttr>(i, "kiln.name");
    auto tensor = getTensorSignature(func, result, name,
                                     llvm::formatv("result{0}", i).str());
    if (failed(tensor))
      return failure();
    signature.outputs.push_back(*tensor);
  }
  return signature;
}
