//===- kiln-run.cpp - Run a Kiln model through the JIT --------------------===//
//
//   kiln-run model.mlir in0.npy [in1.npy ...] [--outdir DIR] [--bench N]
//
// Runs the compile pipeline to the CPU codegen phase, JIT-compiles it with
// MLIR's ExecutionEngine, and runs it with the same command line as a compiled
// executable (the runtime's kiln_cli_main), for quick experiments.
//
//===----------------------------------------------------------------------===//

#include "kiln/Compiler/Codegen.h"
#include "kiln/Compiler/Driver.h"
#include "kiln/Compiler/ToolHelp.h"
#include "kiln/Pipelines/CompilePipeline.h"
#include "kiln/Pipelines/CompileUnits.h"
#include "kiln/Runtime/kiln_runtime.h"
#include "kiln/Target/CPU/CpuBackend.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/TargetSelect.h"

using namespace mlir;
using namespace mlir::kiln;

namespace cl = llvm::cl;

static cl::OptionCategory runCategory("Run");

static cl::opt<std::string> inputFile(cl::Positional, cl::Required,
                                      cl::desc("<model.mlir>"),
                                      cl::cat(runCategory));
static cl::list<std::string>
    runArgs(cl::ConsumeAfter,
            cl::desc("<input .npy files and options of the compiled model: "
                     "--outdir DIR, --bench N, --threads N>"),
            cl::cat(runCategory));
static cl::opt<std::string> entryName("entry", cl::desc("function to run"),
                                      cl::init(""), cl::cat(runCategory));

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  organizeToolHelp({&runCategory});
  cl::ParseCommandLineOptions(
      argc, argv,
      "kiln-run: JIT-compile a Kiln model and run it on .npy inputs\n\n"
      "The options after the model are the compiled program's (--outdir, "
      "--bench, --threads); LLVM's and MLIR's are listed by "
      "--help-hidden.\n");
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();

  MLIRContext context;
  prepareCompilerContext(context);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = parseModelFile(inputFile, context, sourceMgr);
  if (!module)
    return 1;
  // The JIT compiles for this machine: the CPU backend's host target.
  std::unique_ptr<TargetBackend> backend = createCpuBackend({});
  CompileOptions options;
  options.entry = entryName;
  if (failed(runCompilePipeline(*module, options, CompilePhase::input,
                                CompilePhase::codegen, *backend)))
    return 1;
  ModuleOp unit = getCompileUnits(*module).front();
  if (llvm::is_contained(
          backend->getRuntimeLibraries(*module, ArtifactKind::executable),
          "libKilnRuntimeMpi.a")) {
    llvm::errs() << "error: " << inputFile
                 << " is partitioned over a mesh; compile it with "
                    "kiln-compile and run it with mpirun\n";
    return 1;
  }
  FailureOr<ModelSignature> signature =
      getUnitSignature(getCompileUnit(unit), [&] { return unit.emitError(); });
  if (failed(signature))
    return 1;

  DescriptorOptions names;
  auto buildModule =
      [&](Operation *op,
          llvm::LLVMContext &llvmContext) -> std::unique_ptr<llvm::Module> {
    return translateModelToLLVMIR(cast<ModuleOp>(op), llvmContext, *signature,
                                  names);
  };
  ExecutionEngineOptions engineOptions;
  engineOptions.llvmModuleBuilder = buildModule;
  auto optimize = makeOptimizingTransformer(3, 0, nullptr);
  engineOptions.transformer = optimize;
  auto engine = ExecutionEngine::create(unit, engineOptions);
  if (!engine) {
    llvm::errs() << "error: JIT compilation failed: "
                 << llvm::toString(engine.takeError()) << "\n";
    return 1;
  }
  // Parallel loops call back into this process's runtime.
  (*engine)->registerSymbols([](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap symbols;
    symbols[interner("kiln_parallel_for")] = {
        llvm::orc::ExecutorAddr::fromPtr(&kiln_parallel_for),
        llvm::JITSymbolFlags::Exported};
    return symbols;
  });
  auto descriptor = (*engine)->lookup(names.symbol);
  if (!descriptor) {
    llvm::errs() << "error: " << llvm::toString(descriptor.takeError()) << "\n";
    return 1;
  }
  std::vector<std::string> arguments = {"kiln-run " + inputFile};
  arguments.insert(arguments.end(), runArgs.begin(), runArgs.end());
  std::vector<char *> cArgs;
  for (std::string &argument : arguments)
    cArgs.push_back(argument.data());
  cArgs.push_back(nullptr);
  return kiln_cli_main(static_cast<const kiln_model_desc *>(*descriptor),
                       static_cast<int>(arguments.size()), cArgs.data());
}
