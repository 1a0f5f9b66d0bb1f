//===- TrainProgram.cpp - Training executables (kiln-compile --train) -----===//

#include "kiln/Compiler/TrainProgram.h"

#include "kiln/Compiler/Codegen.h"
#include "kiln/Compiler/Driver.h"
#include "kiln/Compiler/Linker.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// Compiles `function` of a copy of `module` into a temporary object whose
/// descriptor is `symbol`; `numParams`, when set, is emitted as the global
/// kiln_train_num_params.
FailureOr<std::string> compileFunction(ModuleOp module, StringRef function,
                                       StringRef symbol,
                                       std::optional<int64_t> numParams,
                                       const TrainProgramOptions &options,
                                       llvm::TargetMachine &machine) {
  OwningOpRef<ModuleOp> copy = module.clone();
  FailureOr<ModelSignature> signature =
      lowerModel(*copy, function, options.pipeline);
  if (failed(signature))
    return failure();
  llvm::LLVMContext context;
  DescriptorOptions names;
  names.symbol = symbol.str();
  names.numThreads = options.numThreads;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModelToLLVMIR(*copy, context, *signature, names);
  if (!llvmModule)
    return failure();
  if (numParams) {
    auto *i64 = llvm::Type::getInt64Ty(context);
    new llvm::GlobalVariable(*llvmModule, i64, /*isConstant=*/true,
                             llvm::GlobalValue::ExternalLinkage,
                             llvm::ConstantInt::get(i64, *numParams),
                             "kiln_train_num_params");
  }
  if (llvm::Error error = optimizeModule(*llvmModule, machine))
    return module.emitError(llvm::toString(std::move(error)));
  llvm::SmallString<128> path;
  int fd;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("kiln-train", "o", fd, path))
    return module.emitError("cannot create a temporary file: ")
           << ec.message();
  llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
  if (llvm::Error error = emitObject(*llvmModule, machine, os)) {
    llvm::sys::fs::remove(path);
    return module.emitError(llvm::toString(std::move(error)));
  }
  return std::string(path);
}

} // namespace

LogicalResult mlir::kiln::buildTrainingExecutable(
    ModuleOp module, const TrainProgramOptions &options,
    llvm::TargetMachine &machine, StringRef outputPath, const char *argv0) {
  PassManager pm(module.getContext());
  pm.addPass(createMakeTrainStepPass(options.step));
  if (!options.rematBudget.empty()) {
    RematPassOptions remat;
    remat.function = options.step.stepName;
    remat.budget = options.rematBudget;
    pm.addPass(createRematPass(remat));
  }
  if (failed(pm.run(module)))
    return failure();
  auto init = module.lookupSymbol<func::FuncOp>(options.step.initName);
  auto step = module.lookupSymbol<func::FuncOp>(options.step.stepName);
  // The parameters lead the state; the rest is optimizer state.
  int64_t numParams = 0;
  while (numParams < static_cast<int64_t>(step.getNumArguments()) &&
         step.getArgAttr(numParams, "kiln.parameter"))
    ++numParams;

  FailureOr<std::string> stepObject =
      compileFunction(module, step.getSymName(), "kiln_train_step",
                      std::nullopt, options, machine);
  if (failed(stepObject))
    return failure();
  llvm::FileRemover removeStep(*stepObject);
  FailureOr<std::string> initObject =
      compileFunction(module, init.getSymName(), "kiln_train_init",
                      numParams, options, machine);
  if (failed(initObject))
    return failure();
  llvm::FileRemover removeInit(*initObject);
  return linkModel({*stepObject, *initObject}, outputPath,
                   LinkKind::executable, argv0, "libKilnRuntimeTrainMain.a");
}
