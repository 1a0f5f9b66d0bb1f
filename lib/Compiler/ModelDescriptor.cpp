//===- ModelDescriptor.cpp - Entry wrapper and kiln_model_desc in LLVM IR -===//
//
// After translation, adds to the LLVM module what the runtime needs to call
// the model without knowing its arity: a wrapper taking (buffers, arena,
// runtime) and a constant kiln_model_desc describing inputs and outputs.
// The struct layouts come from kiln_runtime.h: the field lists below are
// checked against its declarations (offsetof) when this file is built.
//
//===----------------------------------------------------------------------===//

#include "kiln/Compiler/Codegen.h"
#include "kiln/KilnDialect.h"
#include "kiln/Runtime/kiln_runtime.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/Target/TargetMachine.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// The fields of a runtime struct in declaration order, read from
/// kiln_runtime.h itself: every one must be 8 bytes (a pointer or a 64-bit
/// integer) and follow the last, so that the LLVM struct of the same field
/// kinds has the header's layout. A field added, moved or resized in the
/// header without this list fails the build.
enum class FieldKind { pointer, i64 };
struct Field {
  size_t offset, size;
  FieldKind kind;
};
#define KILN_FIELD(type, field, kind)                                          \
  Field {                                                                      \
    offsetof(type, field), sizeof(((type *)nullptr)->field), FieldKind::kind   \
  }

template <size_t N>
constexpr bool isPackedInOrder(const Field (&fields)[N], size_t structSize) {
  for (size_t i = 0; i < N; ++i)
    if (fields[i].offset != 8 * i || fields[i].size != 8)
      return false;
  return structSize == 8 * N;
}

constexpr Field kTensorDescFields[] = {
    KILN_FIELD(kiln_tensor_desc, name, pointer),
    KILN_FIELD(kiln_tensor_desc, dtype, i64),
    KILN_FIELD(kiln_tensor_desc, rank, i64),
    KILN_FIELD(kiln_tensor_desc, shape, pointer),
    KILN_FIELD(kiln_tensor_desc, updated_in_place, i64)};
static_assert(isPackedInOrder(kTensorDescFields, sizeof(kiln_tensor_desc)),
              "kiln_tensor_desc changed: update kTensorDescFields");

constexpr Field kModelDescFields[] = {
    KILN_FIELD(kiln_model_desc, abi, i64),
    KILN_FIELD(kiln_model_desc, device, i64),
    KILN_FIELD(kiln_model_desc, name, pointer),
    KILN_FIELD(kiln_model_desc, num_inputs, i64),
    KILN_FIELD(kiln_model_desc, inputs, pointer),
    KILN_FIELD(kiln_model_desc, num_outputs, i64),
    KILN_FIELD(kiln_model_desc, outputs, pointer),
    KILN_FIELD(kiln_model_desc, arena_bytes, i64),
    KILN_FIELD(kiln_model_desc, entry, pointer),
    KILN_FIELD(kiln_model_desc, num_threads, i64),
    KILN_FIELD(kiln_model_desc, weights_bytes, i64),
    KILN_FIELD(kiln_model_desc, weights_file, pointer)};
static_assert(isPackedInOrder(kModelDescFields, sizeof(kiln_model_desc)),
              "kiln_model_desc changed: update kModelDescFields");
#undef KILN_FIELD

llvm::StructType *structType(llvm::LLVMContext &context,
                             ArrayRef<Field> fields) {
  SmallVector<llvm::Type *> types;
  for (const Field &field : fields)
    types.push_back(
        field.kind == FieldKind::pointer
            ? static_cast<llvm::Type *>(llvm::PointerType::getUnqual(context))
            : llvm::Type::getInt64Ty(context));
  return llvm::StructType::get(context, types);
}

llvm::Constant *stringConstant(llvm::Module &module, StringRef text,
                               const Twine &name) {
  llvm::LLVMContext &context = module.getContext();
  auto *init = llvm::ConstantDataArray::getString(context, text, true);
  return new llvm::GlobalVariable(module, init->getType(), true,
                                  llvm::GlobalValue::PrivateLinkage, init,
                                  name);
}

/// An array of kiln_tensor_desc {name, dtype, rank, shape,
/// updated_in_place}.
llvm::Constant *tensorDescs(llvm::Module &module,
                            ArrayRef<TensorSignature> tensors, StringRef prefix,
                            llvm::StructType *descType) {
  llvm::LLVMContext &context = module.getContext();
  auto *i64 = llvm::Type::getInt64Ty(context);
  SmallVector<llvm::Constant *> descs;
  for (auto [i, tensor] : llvm::enumerate(tensors)) {
    auto *shapeInit = llvm::ConstantDataArray::get(
        context, ArrayRef<uint64_t>(
                     reinterpret_cast<const uint64_t *>(tensor.shape.data()),
                     tensor.shape.size()));
    auto *shape = new llvm::GlobalVariable(
        module, shapeInit->getType(), true, llvm::GlobalValue::PrivateLinkage,
        shapeInit, prefix + "_shape" + Twine(i));
    descs.push_back(llvm::ConstantStruct::get(
        descType,
        {stringConstant(module, tensor.name, prefix + "_name" + Twine(i)),
         llvm::ConstantInt::get(i64, tensor.dtype),
         llvm::ConstantInt::get(i64, tensor.shape.size()), shape,
         llvm::ConstantInt::get(i64, tensor.isUpdatedInPlace() ? 1 : 0)}));
  }
  auto *arrayType = llvm::ArrayType::get(descType, descs.size());
  return new llvm::GlobalVariable(
      module, arrayType, true, llvm::GlobalValue::PrivateLinkage,
      llvm::ConstantArray::get(arrayType, descs), prefix);
}

} // namespace

std::unique_ptr<llvm::Module>
mlir::kiln::translateModelToLLVMIR(ModuleOp module, llvm::LLVMContext &context,
                                   const ModelSignature &signature,
                                   const DescriptorOptions &names) {
  registerBuiltinDialectTranslation(*module.getContext());
  registerLLVMDialectTranslation(*module.getContext());
  auto llvmFunc = module.lookupSymbol<LLVM::LLVMFuncOp>(signature.function);
  if (!llvmFunc) {
    module.emitError("lowered module has no function '")
        << signature.function << "'";
    return nullptr;
  }
  int64_t arenaBytes = -1;
  if (auto attr = llvmFunc->getAttrOfType<IntegerAttr>(
          KilnDialect::kArenaBytesAttrName))
    arenaBytes = attr.getInt();
  // kiln-outline-parallel appends the runtime context after the arena.
  bool takesRuntime = llvmFunc->hasAttr(KilnDialect::kRuntimeAttrName);
  // kiln-externalize-weights adds the weights before the arena.
  int64_t weightsBytes = 0;
  if (auto attr = llvmFunc->getAttrOfType<IntegerAttr>(
          KilnDialect::kWeightsBytesAttrName))
    weightsBytes = attr.getInt();

  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, context, "kiln");
  if (!llvmModule) {
    module.emitError("translation to LLVM IR failed");
    return nullptr;
  }
  llvm::Function *function = llvmModule->getFunction(signature.function);
  size_t numBuffers = signature.inputs.size() + signature.outputs.size();
  size_t expectedArgs = numBuffers + (weightsBytes > 0 ? 1 : 0) +
                        (arenaBytes >= 0 ? 1 : 0) + (takesRuntime ? 1 : 0);
  if (!function || function->arg_size() != expectedArgs) {
    module.emitError("lowered function '")
        << signature.function << "' does not take one pointer per input "
        << "and output" << (weightsBytes > 0 ? " plus the weights" : "")
        << (arenaBytes >= 0 ? " plus the arena" : "")
        << (takesRuntime ? " plus the runtime" : "");
    return nullptr;
  }

  // void <entry>(ptr buffers, ptr arena, ptr runtime)
  auto *ptr = llvm::PointerType::getUnqual(context);
  auto *i64 = llvm::Type::getInt64Ty(context);
  auto *entryType = llvm::FunctionType::get(llvm::Type::getVoidTy(context),
                                            {ptr, ptr, ptr}, false);
  auto *entry =
      llvm::Function::Create(entryType, llvm::GlobalValue::ExternalLinkage,
                             names.entry(), *llvmModule);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(context, "entry", entry));
  SmallVector<llvm::Value *> args;
  // The session passes the mapped weights after the outputs.
  for (size_t i = 0; i < numBuffers + (weightsBytes > 0 ? 1 : 0); ++i)
    args.push_back(
        b.CreateLoad(ptr, b.CreateConstGEP1_64(ptr, entry->getArg(0), i)));
  if (arenaBytes >= 0)
    args.push_back(entry->getArg(1));
  if (takesRuntime)
    args.push_back(entry->getArg(2));
  b.CreateCall(function, args);
  b.CreateRetVoid();

  // kiln_tensor_desc and kiln_model_desc.
  auto *descType = structType(context, kTensorDescFields);
  auto *modelType = structType(context, kModelDescFields);
  llvm::Constant *model = llvm::ConstantStruct::get(
      modelType,
      {llvm::ConstantInt::get(i64, KILN_ABI_TAG),
       llvm::ConstantInt::get(i64, KILN_DEVICE_CPU),
       stringConstant(*llvmModule, signature.function, names.symbol + "_name"),
       llvm::ConstantInt::get(i64, signature.inputs.size()),
       tensorDescs(*llvmModule, signature.inputs, names.symbol + "_inputs",
                   descType),
       llvm::ConstantInt::get(i64, signature.outputs.size()),
       tensorDescs(*llvmModule, signature.outputs, names.symbol + "_outputs",
                   descType),
       llvm::ConstantInt::get(i64, std::max<int64_t>(arenaBytes, 0)), entry,
       llvm::ConstantInt::get(i64, names.numThreads),
       llvm::ConstantInt::get(i64, weightsBytes),
       stringConstant(*llvmModule, names.weightsFile,
                      names.symbol + "_weights_file")});
  new llvm::GlobalVariable(*llvmModule, modelType, true,
                           llvm::GlobalValue::ExternalLinkage, model,
                           names.symbol);
  if (names.trainParameters)
    new llvm::GlobalVariable(
        *llvmModule, i64, /*isConstant=*/true,
        llvm::GlobalValue::ExternalLinkage,
        llvm::ConstantInt::get(i64, *names.trainParameters),
        "kiln_train_num_params");
  return llvmModule;
}

std::unique_ptr<llvm::Module>
mlir::kiln::buildLibraryDirectory(llvm::LLVMContext &context,
                                  ArrayRef<std::string> symbols,
                                  llvm::TargetMachine &machine) {
  auto module = std::make_unique<llvm::Module>("kiln-library", context);
  module->setTargetTriple(machine.getTargetTriple());
  module->setDataLayout(machine.createDataLayout());
  auto *ptr = llvm::PointerType::getUnqual(context);
  SmallVector<llvm::Constant *> entries;
  for (const std::string &symbol : symbols)
    // The descriptors' layout does not matter here: only their address.
    entries.push_back(new llvm::GlobalVariable(
        *module, llvm::Type::getInt8Ty(context), /*isConstant=*/true,
        llvm::GlobalValue::ExternalLinkage, nullptr, symbol));
  entries.push_back(llvm::ConstantPointerNull::get(ptr));
  auto *arrayType = llvm::ArrayType::get(ptr, entries.size());
  new llvm::GlobalVariable(*module, arrayType, /*isConstant=*/true,
                           llvm::GlobalValue::ExternalLinkage,
                           llvm::ConstantArray::get(arrayType, entries),
                           "kiln_library_models");
  return module;
}
