//===- kiln-compile.cpp - Compile a Kiln model to native code -------------===//
//
//   kiln-compile model.mlir|model.onnx -o OUT [--emit=exe|shared|object|mlir|llvm]
//
// Lowers with kiln-cpu, translates to LLVM IR with the model's descriptor,
// optimizes, and writes the requested artifact. Executables link the Kiln
// runtime statically and depend only on libc, libm and libpthread. No
// output file is left behind when anything fails.
//
//===----------------------------------------------------------------------===//

#include "kiln/Compiler/Codegen.h"
#include "kiln/Compiler/Driver.h"
#include "kiln/Compiler/Weights.h"
#include "kiln/Compiler/Linker.h"
#include "kiln/Compiler/ShardOptions.h"
#include "kiln/Compiler/ModelHeader.h"
#include "kiln/Compiler/TrainProgram.h"
#include "kiln/Import/OnnxImporter.h"
#include "kiln/KilnOps.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace mlir::kiln;

namespace cl = llvm::cl;

enum class EmitKind { exe, shared, object, mlir, llvm };

static cl::opt<std::string> inputFile(cl::Positional, cl::Required,
                                      cl::desc("<model.mlir|model.onnx>"));
static cl::list<std::string> inputShapes(
    "input-shape",
    cl::desc("for .onnx input: fix a graph input's shape, e.g. "
             "input_ids=1x128 (repeatable)"),
    cl::value_desc("NAME=DxD..."));
static cl::opt<std::string> outputFile("o", cl::Required,
                                       cl::desc("output file"),
                                       cl::value_desc("path"));
static cl::opt<EmitKind> emitKind(
    "emit", cl::desc("what to produce"), cl::init(EmitKind::exe),
    cl::values(
        clEnumValN(EmitKind::exe, "exe", "an executable (default)"),
        clEnumValN(EmitKind::shared, "shared",
                   "a shared library with the C API, and its header"),
        clEnumValN(EmitKind::object, "object",
                   "an object file with the C API, and its header"),
        clEnumValN(EmitKind::mlir, "mlir", "the lowered MLIR (LLVM dialect)"),
        clEnumValN(EmitKind::llvm, "llvm", "optimized LLVM IR")));
static cl::opt<std::string> entryName("entry",
                                      cl::desc("function to compile"),
                                      cl::init(""));
static cl::opt<std::string> headerFile(
    "header",
    cl::desc("where --emit=shared|object writes the model's C header "
             "(default: the output path with extension .h)"),
    cl::value_desc("path"), cl::init(""));
static cl::opt<std::string> weightsFile(
    "weights",
    cl::desc("write the constants to this side file, which the program maps "
             "at start, instead of embedding them (for large models)"),
    cl::value_desc("file"));

// Training (--train): a training executable instead of the model.
static cl::OptionCategory trainCategory(
    "Training (--train)",
    "build a training program from the model: loss on its first result, "
    "gradients, optimizer updates (kiln-opt --kiln-make-train-step)");
static cl::opt<bool> train("train",
                           cl::desc("produce a training executable"),
                           cl::cat(trainCategory));
static cl::opt<std::string> trainLoss(
    "loss", cl::desc("cross_entropy (i64 labels) or mse"),
    cl::init("cross_entropy"), cl::cat(trainCategory));
static cl::opt<std::string> trainOptimizer("optimizer",
                                           cl::desc("sgd or adamw"),
                                           cl::init("sgd"),
                                           cl::cat(trainCategory));
static cl::opt<double> trainLr("lr", cl::desc("learning rate"),
                               cl::init(0.01), cl::cat(trainCategory));
static cl::opt<double> trainMomentum("momentum", cl::desc("SGD momentum"),
                                     cl::init(0.0), cl::cat(trainCategory));
static cl::opt<bool> trainNesterov("nesterov",
                                   cl::desc("SGD with Nesterov momentum"),
                                   cl::cat(trainCategory));
static cl::opt<double> trainWeightDecay(
    "weight-decay",
    cl::desc("weight decay (default: torch's, 0 for sgd and 0.01 for adamw)"),
    cl::init(-1.0), cl::cat(trainCategory));
static cl::opt<double> trainBeta1("beta1", cl::desc("AdamW beta1"),
                                  cl::init(0.9), cl::cat(trainCategory));
static cl::opt<double> trainBeta2("beta2", cl::desc("AdamW beta2"),
                                  cl::init(0.999), cl::cat(trainCategory));
static cl::opt<double> trainEpsilon("epsilon", cl::desc("AdamW epsilon"),
                                    cl::init(1e-8), cl::cat(trainCategory));
static cl::opt<std::string> trainRematBudget(
    "remat-budget",
    cl::desc("recompute activations so that the training step's live "
             "tensors peak within this budget: bytes (64MiB) or a "
             "percentage of the peak without recomputation (70%) "
             "(kiln-opt --kiln-remat)"),
    cl::init(""), cl::cat(trainCategory));

static cl::opt<std::string> meshOption(
    "mesh", cl::desc("partition the model over a device mesh, e.g. "
                     "data=2,model=2 (run the executable with mpirun -np 4)"),
    cl::init(""));
static cl::opt<std::string> shardOption(
    "shard",
    cl::desc("shardings of the entry's inputs: batch (leading dims over the "
             "mesh's first axis), auto (every value laid out by "
             "kiln-shard-auto; with --train, the whole step) or a "
             "file of 'NAME [{\"axis\"}, {}]' lines"),
    cl::init(""));
static cl::opt<std::string> targetCpu(
    "target-cpu", cl::desc("CPU to compile for (`host`: this machine)"),
    cl::init("host"));
static cl::opt<std::string> targetFeatures(
    "target-features",
    cl::desc("LLVM target features to add or remove, e.g. -avx512f"),
    cl::init(""));

/// `--threads=N` is read before LLVM's option parser, which already owns an
/// option of that name (libLLVM's own `-threads`). Removes it from `args`.
static std::optional<unsigned> takeThreadsOption(std::vector<char *> &args) {
  std::optional<unsigned> threads;
  for (size_t i = 1; i < args.size();) {
    StringRef arg = args[i];
    StringRef value;
    size_t consumed = 1;
    if (arg.consume_front("--threads=") || arg.consume_front("-threads="))
      value = arg;
    else if ((arg == "--threads" || arg == "-threads") && i + 1 < args.size())
      value = args[i + 1], consumed = 2;
    else {
      ++i;
      continue;
    }
    unsigned parsed;
    if (value.getAsInteger(10, parsed)) {
      llvm::errs() << "error: --threads expects a non-negative integer, "
                      "given '"
                   << value << "'\n";
      std::exit(1);
    }
    threads = parsed;
    args.erase(args.begin() + i, args.begin() + i + consumed);
  }
  return threads;
}

/// Writes `text` to the output path, keeping the file only on success.
static int writeText(llvm::function_ref<void(llvm::raw_ostream &)> print) {
  std::string error;
  auto output = openOutputFile(outputFile, &error);
  if (!output) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }
  print(output->os());
  output->keep();
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  std::vector<char *> args(argv, argv + argc);
  unsigned numThreads = takeThreadsOption(args).value_or(0);
  cl::ParseCommandLineOptions(static_cast<int>(args.size()), args.data(),
                              "kiln-compile: compile a Kiln model to native "
                              "code for this CPU\n");
  MLIRContext context;
  prepareCompilerContext(context);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  // The target decides the vector width the schedules are built for.
  auto machine = createTargetMachine(targetCpu, targetFeatures);
  if (!machine) {
    llvm::errs() << "error: " << llvm::toString(machine.takeError()) << "\n";
    return 1;
  }
  CpuPipelineOptions pipelineOptions;
  pipelineOptions.externalWeights = !weightsFile.empty();
  pipelineOptions.vectorBits = getVectorBits(**machine);
  if (train && (!weightsFile.empty() || emitKind != EmitKind::exe)) {
    llvm::errs() << "error: --train produces an executable; --weights and "
                    "--emit are not supported with it\n";
    return 1;
  }
  OwningOpRef<ModuleOp> source;
  if (llvm::StringRef(inputFile).ends_with(".onnx")) {
    OnnxImportOptions importOptions;
    for (const std::string &text : inputShapes) {
      std::string error;
      if (failed(addInputShape(text, importOptions, error))) {
        llvm::errs() << "error: " << error << "\n";
        return 1;
      }
    }
    source = importOnnxFile(inputFile, context, importOptions);
  } else {
    source = parseModelFile(inputFile, context, sourceMgr);
  }
  if (!source)
    return 1;
  if (failed(applyShardingOptions(*source, entryName, meshOption,
                                  shardOption)))
    return 1;
  // The training step is auto-sharded as a whole, once it exists.
  if (shardOption == "auto" && !train &&
      failed(autoShard(*source, entryName)))
    return 1;
  if (train) {
    TrainProgramOptions trainOptions;
    trainOptions.step.function = entryName;
    trainOptions.step.loss = trainLoss;
    trainOptions.step.optimizer = trainOptimizer;
    trainOptions.step.lr = trainLr;
    trainOptions.step.momentum = trainMomentum;
    trainOptions.step.nesterov = trainNesterov;
    trainOptions.step.weightDecay = trainWeightDecay;
    trainOptions.step.beta1 = trainBeta1;
    trainOptions.step.beta2 = trainBeta2;
    trainOptions.step.epsilon = trainEpsilon;
    trainOptions.rematBudget = trainRematBudget;
    trainOptions.pipeline.vectorBits = pipelineOptions.vectorBits;
    trainOptions.numThreads = numThreads;
    trainOptions.autoShard = shardOption == "auto";
    return failed(buildTrainingExecutable(*source, trainOptions, **machine,
                                          outputFile, argv[0]));
  }
  FailureOr<ModelSignature> lowered =
      lowerModel(*source, entryName, pipelineOptions);
  if (failed(lowered))
    return 1;
  ModuleOp module = *source;
  const ModelSignature &signature = *lowered;
  bool usesMpi = usesMpiRuntime(module);
  // With --weights the constants leave the module (for every --emit,
  // lowered MLIR included) and go to the side file.
  FailureOr<std::vector<char>> weights =
      takeWeights(module, getWeightsBytes(module, signature.function));
  if (failed(weights))
    return 1;
  // The side file is written last, once everything else has succeeded;
  // if it cannot be, the output it belongs to goes too.
  auto finish = [&](int status) {
    if (status == 0 && !weightsFile.empty() &&
        failed(writeWeightsFile(*weights, weightsFile))) {
      llvm::sys::fs::remove(outputFile);
      return 1;
    }
    return status;
  };
  if (emitKind == EmitKind::mlir)
    return finish(
        writeText([&](llvm::raw_ostream &os) { module.print(os); }));

  llvm::LLVMContext llvmContext;
  // Executables find their model as `kiln_model`; libraries and objects
  // name it after the function so that several can be linked together.
  DescriptorOptions names;
  names.numThreads = numThreads;
  names.weightsFile = weightsFile;
  bool isLibrary =
      emitKind == EmitKind::shared || emitKind == EmitKind::object;
  if (isLibrary)
    names.symbol = getModelSymbol(signature.function);
  std::unique_ptr<llvm::Module> llvmModule =
      translateModelToLLVMIR(module, llvmContext, signature, names);
  if (!llvmModule)
    return 1;
  if (llvm::Error error = optimizeModule(*llvmModule, **machine)) {
    llvm::errs() << "error: " << llvm::toString(std::move(error)) << "\n";
    return 1;
  }
  if (emitKind == EmitKind::llvm)
    return finish(writeText(
        [&](llvm::raw_ostream &os) { llvmModule->print(os, nullptr); }));

  // Object code goes to a temporary file next to the output, renamed into
  // place (object) or linked (exe, shared) only when everything worked.
  llvm::SmallString<128> objectPath;
  int fd;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
          "kiln-model", "o", fd, objectPath)) {
    llvm::errs() << "error: cannot create a temporary file: " << ec.message()
                 << "\n";
    return 1;
  }
  llvm::FileRemover removeObject(objectPath);
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    if (llvm::Error error = emitObject(*llvmModule, **machine, os)) {
      llvm::errs() << "error: " << llvm::toString(std::move(error)) << "\n";
      return 1;
    }
  }
  LinkKind kind = emitKind == EmitKind::exe      ? LinkKind::executable
                  : emitKind == EmitKind::shared ? LinkKind::shared
                                                 : LinkKind::object;
  if (!isLibrary)
    return finish(failed(linkModel({std::string(objectPath)}, outputFile,
                                   kind, argv[0], "libKilnRuntimeMain.a",
                                   usesMpi)));

  // The header is written first and kept only if the link succeeds.
  std::string headerPath = headerFile;
  if (headerPath.empty()) {
    llvm::SmallString<128> path(outputFile);
    llvm::sys::path::replace_extension(path, "h");
    headerPath = std::string(path);
  }
  std::string error;
  auto header = openOutputFile(headerPath, &error);
  if (!header) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }
  header->os() << generateModelHeader(
      signature, names, llvm::sys::path::filename(outputFile));
  if (failed(linkModel({std::string(objectPath)}, outputFile, kind, argv[0],
                       "libKilnRuntimeMain.a", usesMpi)))
    return 1;
  int status = finish(0);
  if (status == 0)
    header->keep();
  return status;
}
