//===- Driver.cpp - Shared pieces of the kiln-compile and kiln-run tools --===//

#include "kiln/Compiler/Driver.h"
#include "kiln/InitAll.h"
#include "kiln/KilnOps.h"
#include "kiln/Transforms/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Transforms/Passes.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;
using namespace mlir::kiln;

void mlir::kiln::prepareCompilerContext(MLIRContext &context) {
  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerKilnDialects(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  context.appendDialectRegistry(registry);
  context.loadAllAvailableDialects();
  // A user of kiln-compile gets file:line:col and the message; the generic
  // dump of the op a pass failed on is for compiler developers.
  context.printOpOnDiagnostic(false);
}

OwningOpRef<ModuleOp> mlir::kiln::parseModelFile(StringRef path,
                                                 MLIRContext &context,
                                                 llvm::SourceMgr &sourceMgr) {
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(path, &error);
  if (!file) {
    emitError(UnknownLoc::get(&context)) << error;
    return nullptr;
  }
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  return parseSourceFile<ModuleOp>(sourceMgr, &context);
}

FailureOr<ModelSignature>
mlir::kiln::lowerModel(ModuleOp module, StringRef entry,
                       const CpuPipelineOptions &options) {
  FailureOr<func::FuncOp> func = findEntryFunction(module, entry);
  if (failed(func))
    return failure();
  FailureOr<ModelSignature> signature = getModelSignature(*func);
  if (failed(signature))
    return failure();
  // The names are recorded in the signature; LLVM has no use for them.
  // kiln.donated_to stays for the pipeline, which updates those arguments
  // in place and drops the results they are donated to.
  for (unsigned i = 0, e = func->getNumArguments(); i < e; ++i) {
    func->removeArgAttr(i, "kiln.name");
    func->removeArgAttr(i, "kiln.parameter");
  }
  for (unsigned i = 0, e = func->getNumResults(); i < e; ++i)
    func->removeResultAttr(i, StringAttr::get(module.getContext(),
                                              "kiln.name"));

  // Only the entry is compiled: the other functions become private and are
  // dropped unless the entry calls them.
  for (auto other : module.getOps<func::FuncOp>())
    if (other != *func)
      other.setPrivate();
  PassManager pm(module.getContext());
  pm.addPass(createSymbolDCEPass());
  // A model with a mesh becomes the program each MPI process runs; it
  // keeps the single-device signature (global-io), so that the runtime
  // reads and writes whole tensors as before.
  if (!module.getOps<MeshOp>().empty()) {
    ShardPartitionPassOptions partition;
    partition.globalIO = true;
    pm.addPass(createShardPartitionPass(partition));
  }
  buildCpuPipeline(pm, options);
  if (failed(pm.run(module)))
    return failure();
  return signature;
}

bool mlir::kiln::usesMpiRuntime(ModuleOp module) {
  bool found = false;
  module.walk([&](SymbolOpInterface symbol) {
    if (symbol.getName().starts_with("kiln_shard_"))
      found = true;
  });
  return found;
}

FailureOr<LoweredModel> mlir::kiln::parseAndLowerModel(
    StringRef path, StringRef entry, const CpuPipelineOptions &options,
    MLIRContext &context, llvm::SourceMgr &sourceMgr) {
  OwningOpRef<ModuleOp> module = parseModelFile(path, context, sourceMgr);
  if (!module)
    return failure();
  FailureOr<ModelSignature> signature = lowerModel(*module, entry, options);
  if (failed(signature))
    return failure();
  return LoweredModel{std::move(module), std::move(*signature)};
}
