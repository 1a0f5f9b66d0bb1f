//===- TrainProgram.cpp - Training executables (kiln-compile --train) -----===//

#include "kiln/Compiler/TrainProgram.h"
#include "kiln/Compiler/ShardOptions.h"

#include "kiln/Compiler/Codegen.h"
#include "kiln/Compiler/Driver.h"
#include "kiln/Compiler/Linker.h"
#include "kiln/KilnOps.h"

#include "kiln/Transforms/Passes.h"
#include "kiln/Transforms/RematBudget.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"

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

/// The scratch arena (kiln.arena_bytes) `function` of a copy of `module`
/// needs once lowered: what `--bench` reports as peak_bytes.
FailureOr<int64_t> measureArena(ModuleOp module, StringRef function,
                                const TrainProgramOptions &options) {
  OwningOpRef<ModuleOp> copy = module.clone();
  FailureOr<ModelSignature> signature =
      lowerModel(*copy, function, options.pipeline);
  if (failed(signature))
    return failure();
  auto lowered = copy->lookupSymbol<LLVM::LLVMFuncOp>(signature->function);
  auto arena = lowered ? lowered->getAttrOfType<IntegerAttr>("kiln.arena_bytes")
                       : IntegerAttr();
  return arena ? arena.getInt() : 0;
}

/// Rematerializes the step of `module` so that its compiled arena fits the
/// budget. The graph-level budget starts at the compiled one and shrinks by
/// the ratio of each miss, and by at least 15%, for a few rounds: the graph
/// does not show what lowering adds (transposed operands, accumulators) or
/// removes (fused elementwise intermediates, which rebuilding from one may
/// materialize), so the compiled arena follows the graph budget only
/// roughly and in steps.
LogicalResult rematerializeCompiled(ModuleOp module,
                                    const TrainProgramOptions &options) {
  StringRef step = options.step.stepName;
  std::optional<RematBudget> budget = parseRematBudget(options.rematBudget);
  if (!budget)
    return module.emitError("--remat-budget must be bytes (e.g. 64MiB) or a "
                            "percentage (e.g. 70%), not '")
           << options.rematBudget << "'";
  FailureOr<int64_t> unconstrained = measureArena(module, step, options);
  if (failed(unconstrained))
    return failure();
  int64_t target = budget->resolve(*unconstrained);
  if (*unconstrained <= target) {
    llvm::errs() << llvm::formatv("kiln remat: compiled @{0} scratch {1} "
                                  "bytes is within the budget {2}\n",
                                  step, *unconstrained, target);
    return success();
  }
  int64_t graphBudget = target, smallest = *unconstrained;
  std::optional<int64_t> unreachableGraphBudget;
  for (int round = 0; round < 8 && graphBudget > 0; ++round) {
    OwningOpRef<ModuleOp> copy = module.clone();
    PassManager pm(module.getContext());
    RematPassOptions remat;
    remat.function = step.str();
    remat.budget = std::to_string(graphBudget);
    pm.addPass(createRematPass(remat));
    // A graph budget out of reach ends the search; the error below says
    // what was reached.
    LogicalResult applied = success();
    {
      ScopedDiagnosticHandler quiet(module.getContext(),
                                    [](Diagnostic &) { return success(); });
      applied = pm.run(*copy);
    }
    if (failed(applied)) {
      unreachableGraphBudget = graphBudget;
      break;
    }
    FailureOr<int64_t> arena = measureArena(*copy, step, options);
    if (failed(arena))
      return failure();
    llvm::errs() << llvm::formatv("kiln remat: compiled @{0} scratch {1} "
                                  "bytes (budget {2}) at graph budget {3}\n",
                                  step, *arena, target, graphBudget);
    smallest = std::min(smallest, *arena);
    if (*arena <= target) {
      // Keep the rematerialized step in place of the original.
      auto original = module.lookupSymbol<func::FuncOp>(step);
      auto remade = (*copy).lookupSymbol<func::FuncOp>(step);
      original.getBody().takeBody(remade.getBody());
      return success();
    }
    graphBudget = static_cast<int64_t>(
        static_cast<double>(graphBudget) *
        std::min(0.85, static_cast<double>(target) / *arena));
  }
  InFlightDiagnostic error =
      module.emitError("--remat-budget: cannot fit the compiled @")
      << step << "'s scratch memory in " << target
      << " bytes; the smallest reached is " << smallest << " bytes (from "
      << *unconstrained << ")";
  if (unreachableGraphBudget)
    error << "; rematerialization cannot bring the graph's scratch peak to "
          << *unreachableGraphBudget << " bytes";
  return error;
}

} // namespace

LogicalResult mlir::kiln::buildTrainingExecutable(
    ModuleOp module, const TrainProgramOptions &options,
    llvm::TargetMachine &machine, StringRef outputPath, const char *argv0) {
  PassManager pm(module.getContext());
  pm.addPass(createMakeTrainStepPass(options.step));
  if (failed(pm.run(module)))
    return failure();
  if (options.autoShard && failed(autoShard(module, options.step.stepName)))
    return failure();
  if (!options.rematBudget.empty() &&
      failed(rematerializeCompiled(module, options)))
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
                   LinkKind::executable, argv0, "libKilnRuntimeTrainMain.a",
                   /*mpi=*/!module.getOps<MeshOp>().empty());
}
