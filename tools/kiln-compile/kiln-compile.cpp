//===- kiln-compile.cpp - Compile a Kiln model to native code -------------===//
//
//   kiln-compile model.mlir|model.onnx -o OUT
//   [--emit=exe|shared|object|mlir|llvm]
//       [--target=cpu] [--compile-to=PHASE] [--compile-from=PHASE]
//
// A thin driver: it reads the model, picks the target backend and the
// phases to run, and hands them to the compile pipeline
// (kiln/Pipelines/CompilePipeline.h), which defines every pass order. No
// output file is left behind when anything fails.
//
//===----------------------------------------------------------------------===//

#include "kiln/Compiler/Driver.h"
#include "kiln/Compiler/Weights.h"
#include "kiln/Import/OnnxImporter.h"
#include "kiln/Pipelines/CompilePipeline.h"
#include "kiln/Pipelines/CompileUnits.h"
#include "kiln/Target/CPU/CpuBackend.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace mlir::kiln;

namespace cl = llvm::cl;

namespace {

enum class EmitKind { exe, shared, object, mlir, llvm };
enum class ShardFlag { none, batch, automatic };

// Categories are listed alphabetically by --help; "Compile: ..." comes
// before LLVM's "Generic Options".
cl::OptionCategory compileCategory("Compile: input, output and phases");
cl::OptionCategory targetCategory("Compile: target");
cl::OptionCategory trainCategory(
    "Compile: training (--train)",
    "build a training program from the model: loss on its first result, "
    "gradients, optimizer updates (kiln-opt --kiln-make-train-step)");
cl::OptionCategory shardCategory("Compile: sharding over a device mesh");
cl::OptionCategory mlirCategory("MLIR pass manager");

cl::opt<std::string> inputFile(cl::Positional, cl::Required,
                               cl::desc("<model.mlir|model.onnx>"),
                               cl::cat(compileCategory));
cl::list<std::string>
    inputShapes("input-shape",
                cl::desc("for .onnx input: fix a graph input's shape, e.g. "
                         "input_ids=1x128 (repeatable)"),
                cl::value_desc("NAME=DxD..."), cl::cat(compileCategory));
cl::list<std::string> staticInputs(
    "static-input",
    cl::desc("for .onnx input: fix a graph input to the value in FILE (.npy "
             "or ONNX .pb) at compile time; the program no longer takes it "
             "(repeatable)"),
    cl::value_desc("NAME=FILE"), cl::cat(compileCategory));
cl::opt<std::string> outputFile("o", cl::Required, cl::desc("output file"),
                                cl::value_desc("path"),
                                cl::cat(compileCategory));
cl::opt<EmitKind> emitKind(
    "emit", cl::desc("what to produce"), cl::init(EmitKind::exe),
    cl::values(
        clEnumValN(EmitKind::exe, "exe", "an executable (default)"),
        clEnumValN(EmitKind::shared, "shared",
                   "a shared library with the C API, and its header"),
        clEnumValN(EmitKind::object, "object",
                   "an object file with the C API, and its header"),
        clEnumValN(EmitKind::mlir, "mlir",
                   "the IR after --compile-to's phase (default: codegen, "
                   "the target-level IR)"),
        clEnumValN(EmitKind::llvm, "llvm", "optimized LLVM IR")),
    cl::cat(compileCategory));

/// The phases as a cl::values list.
#define KILN_PHASES                                                            \
  cl::values(                                                                  \
      clEnumValN(CompilePhase::input, "input",                                 \
                 "the model as read (.onnx converted to kiln ops)"),           \
      clEnumValN(CompilePhase::import, "import",                               \
                 "attention raised, --mesh/--shard attached"),                 \
      clEnumValN(CompilePhase::graph, "graph", "kiln-graph-optimize"),         \
      clEnumValN(CompilePhase::training, "training",                           \
                 "the training step and initial state (--train)"),             \
      clEnumValN(CompilePhase::partition, "partition",                         \
                 "the per-device SPMD program (with a mesh)"),                 \
      clEnumValN(CompilePhase::codegen, "codegen",                             \
                 "one unit module per entry, lowered by the target"),          \
      clEnumValN(CompilePhase::artifact, "artifact", "the output file"))
cl::opt<CompilePhase>
    compileTo("compile-to", cl::desc("stop after this phase and write its IR"),
              cl::init(CompilePhase::artifact), KILN_PHASES,
              cl::cat(compileCategory));
cl::opt<CompilePhase>
    compileFrom("compile-from",
                cl::desc("the input is the IR written after this phase (by "
                         "--compile-to); run the phases after it"),
                cl::init(CompilePhase::input), KILN_PHASES,
                cl::cat(compileCategory));
#undef KILN_PHASES
cl::opt<std::string> entryName("entry", cl::desc("function to compile"),
                               cl::init(""), cl::cat(compileCategory));
cl::opt<std::string> headerFile(
    "header",
    cl::desc("where --emit=shared|object writes the model's C header "
             "(default: the output path with extension .h)"),
    cl::value_desc("path"), cl::init(""), cl::cat(compileCategory));
cl::opt<std::string> weightsFile(
    "weights",
    cl::desc("write the constants to this side file, which the program maps "
             "at start, instead of embedding them (for large models)"),
    cl::value_desc("file"), cl::cat(compileCategory));

cl::opt<std::string> targetName("target",
                                cl::desc("the code generation target"),
                                cl::init("cpu"), cl::cat(targetCategory));
cl::opt<std::string>
    targetCpu("target-cpu",
              cl::desc("--target=cpu: CPU to compile for (`host`: this "
                       "machine)"),
              cl::init("host"), cl::cat(targetCategory));
cl::opt<std::string> targetFeatures(
    "target-features",
    cl::desc("--target=cpu: LLVM target features to add or remove, e.g. "
             "-avx512f"),
    cl::init(""), cl::cat(targetCategory));

cl::opt<bool> train("train", cl::desc("produce a training executable"),
                    cl::cat(trainCategory));
// The defaults are the pass's own (Passes.td), stated once.
const MakeTrainStepPassOptions kStepDefaults;
cl::opt<TrainLoss> trainLoss(
    "loss", cl::desc("the loss on the model's first result"),
    cl::init(kStepDefaults.loss),
    cl::values(clEnumValN(TrainLoss::cross_entropy, "cross_entropy",
                          "softmax cross-entropy against i64 labels"),
               clEnumValN(TrainLoss::mse, "mse", "mean squared error")),
    cl::cat(trainCategory));
cl::opt<TrainOptimizer> trainOptimizer(
    "optimizer", cl::desc("the parameter update"),
    cl::init(kStepDefaults.optimizer),
    cl::values(clEnumValN(TrainOptimizer::sgd, "sgd", "SGD"),
               clEnumValN(TrainOptimizer::adamw, "adamw", "AdamW")),
    cl::cat(trainCategory));
cl::opt<double> trainLr("lr", cl::desc("learning rate"),
                        cl::init(kStepDefaults.lr), cl::cat(trainCategory));
cl::opt<double> trainMomentum("momentum", cl::desc("SGD momentum"),
                              cl::init(kStepDefaults.momentum),
                              cl::cat(trainCategory));
cl::opt<bool> trainNesterov("nesterov", cl::desc("SGD with Nesterov momentum"),
                            cl::init(kStepDefaults.nesterov),
                            cl::cat(trainCategory));
cl::opt<double> trainWeightDecay(
    "weight-decay",
    cl::desc("weight decay (default: torch's, 0 for sgd and 0.01 for adamw)"),
    cl::init(kStepDefaults.weightDecay), cl::cat(trainCategory));
cl::opt<double> trainBeta1("beta1", cl::desc("AdamW beta1"),
                           cl::init(kStepDefaults.beta1),
                           cl::cat(trainCategory));
cl::opt<double> trainBeta2("beta2", cl::desc("AdamW beta2"),
                           cl::init(kStepDefaults.beta2),
                           cl::cat(trainCategory));
cl::opt<double> trainEpsilon("epsilon", cl::desc("AdamW epsilon"),
                             cl::init(kStepDefaults.epsilon),
                             cl::cat(trainCategory));
cl::opt<std::string> trainRematBudget(
    "remat-budget",
    cl::desc("recompute activations so that the training step's compiled "
             "scratch memory fits this budget: bytes (64MiB) or a "
             "percentage of the step's without recomputation (70%) "
             "(kiln-opt --kiln-remat)"),
    cl::init(""), cl::cat(trainCategory));

cl::opt<std::string> meshOption(
    "mesh",
    cl::desc("partition the model over a device mesh, e.g. data=2,model=2 "
             "(run the executable with mpirun -np 4)"),
    cl::init(""), cl::cat(shardCategory));
cl::opt<ShardFlag> shardOption(
    "shard", cl::desc("how the entry's inputs are sharded over the mesh"),
    cl::init(ShardFlag::none),
    cl::values(clEnumValN(ShardFlag::batch, "batch",
                          "leading dims over the mesh's first axis"),
               clEnumValN(ShardFlag::automatic, "auto",
                          "every value laid out by kiln-shard-auto; with "
                          "--train, the whole step")),
    cl::cat(shardCategory));
cl::opt<std::string>
    shardFileOption("shard-file",
                    cl::desc("the layouts of inputs and weights: a file of "
                             "'NAME [{\"axis\"}, {}]' lines"),
                    cl::value_desc("file"), cl::init(""),
                    cl::cat(shardCategory));

/// `--threads=N` is read before LLVM's option parser, which already owns an
/// option of that name (libLLVM's own `-threads`). Removes it from `args`.
std::optional<unsigned> takeThreadsOption(std::vector<char *> &args) {
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

/// Kiln's own options first in --help: LLVM's backend flags are hidden
/// (--help-hidden still lists them), MLIR's pass-manager options get their
/// own category.
void organizeHelp() {
  for (auto &entry : cl::getRegisteredOptions()) {
    cl::Option *option = entry.second;
    bool ours = llvm::any_of(option->Categories, [](cl::OptionCategory *c) {
      return c == &compileCategory || c == &targetCategory ||
             c == &trainCategory || c == &shardCategory;
    });
    // Options in other categories (--help, --version, colors) stay.
    bool general =
        llvm::is_contained(option->Categories, &cl::getGeneralCategory());
    if (ours || !general)
      continue;
    if (entry.first.starts_with("mlir-")) {
      option->Categories.assign({&mlirCategory});
      continue;
    }
    if (option->getOptionHiddenFlag() == cl::NotHidden)
      option->setHiddenFlag(cl::Hidden);
  }
}

/// Writes `module` to the output path, keeping the file only on success.
int writeModule(ModuleOp module) {
  std::string error;
  auto output = openOutputFile(outputFile, &error);
  if (!output) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }
  module.print(output->os());
  output->keep();
  return 0;
}

/// Checks the combination of options; prints an error and returns false.
bool checkOptions(CompilePhase to) {
  auto fail = [](const Twine &message) {
    llvm::errs() << "error: " << message << "\n";
    return false;
  };
  if (compileFrom > to || (compileFrom == to && to != CompilePhase::input))
    return fail("--compile-from=" + stringifyCompilePhase(compileFrom) +
                " must come before --compile-to=" + stringifyCompilePhase(to));
  if (emitKind == EmitKind::mlir && to == CompilePhase::artifact)
    return fail("--emit=mlir writes IR; it stops at codegen at the latest");
  if (train && (!weightsFile.empty() ||
                (emitKind != EmitKind::exe && emitKind != EmitKind::mlir)))
    return fail("--train produces an executable (or its IR with "
                "--emit=mlir); --weights and --emit=shared|object|llvm are "
                "not supported with it");
  if (shardOption != ShardFlag::none && !shardFileOption.empty())
    return fail("give --shard or --shard-file, not both");
  if (compileFrom != CompilePhase::input &&
      StringRef(inputFile).ends_with(".onnx"))
    return fail("--compile-from needs the .mlir that --compile-to wrote, "
                "not an .onnx model");
  return true;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  std::vector<char *> args(argv, argv + argc);
  unsigned numThreads = takeThreadsOption(args).value_or(0);
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  organizeHelp();
  cl::ParseCommandLineOptions(static_cast<int>(args.size()), args.data(),
                              "kiln-compile: compile a Kiln model to native "
                              "code\n");
  // --emit=mlir alone writes the target-level IR; --compile-to=PHASE alone
  // writes that phase's IR.
  CompilePhase to = compileTo;
  if (emitKind == EmitKind::mlir && compileTo.getNumOccurrences() == 0)
    to = CompilePhase::codegen;
  if (!checkOptions(to))
    return 1;

  TargetBackendRegistry targets;
  CpuTargetOptions cpu;
  cpu.cpu = targetCpu;
  cpu.features = targetFeatures;
  targets.add(createCpuBackend(cpu));
  TargetBackend *backend = targets.lookup(targetName);
  if (!backend) {
    llvm::errs() << "error: unknown --target '" << targetName
                 << "'; this kiln-compile has: "
                 << llvm::join(targets.getNames(), ", ") << "\n";
    return 1;
  }

  MLIRContext context;
  prepareCompilerContext(context);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module;
  if (StringRef(inputFile).ends_with(".onnx")) {
    OnnxImportOptions importOptions;
    for (const std::string &text : inputShapes) {
      std::string error;
      if (failed(addInputShape(text, importOptions, error))) {
        llvm::errs() << "error: " << error << "\n";
        return 1;
      }
    }
    for (const std::string &text : staticInputs) {
      std::string error;
      if (failed(addStaticInput(text, importOptions, error))) {
        llvm::errs() << "error: " << error << "\n";
        return 1;
      }
    }
    module = importOnnxFile(inputFile, context, importOptions);
  } else {
    module = parseModelFile(inputFile, context, sourceMgr);
  }
  if (!module)
    return 1;

  CompileOptions options;
  options.entry = entryName;
  options.mesh = meshOption;
  options.shard = shardOption == ShardFlag::batch       ? ShardMode::batch
                  : shardOption == ShardFlag::automatic ? ShardMode::automatic
                  : shardFileOption.empty()             ? ShardMode::none
                                                        : ShardMode::file;
  options.shardFile = shardFileOption;
  options.train = train;
  options.step.loss = trainLoss;
  options.step.optimizer = trainOptimizer;
  options.step.lr = trainLr;
  options.step.momentum = trainMomentum;
  options.step.nesterov = trainNesterov;
  options.step.weightDecay = trainWeightDecay;
  options.step.beta1 = trainBeta1;
  options.step.beta2 = trainBeta2;
  options.step.epsilon = trainEpsilon;
  options.rematBudget = trainRematBudget;
  options.codegen.externalWeights = !weightsFile.empty();
  options.passManagerCLOptions = true;

  ArtifactOptions artifact;
  artifact.kind = emitKind == EmitKind::shared   ? ArtifactKind::shared
                  : emitKind == EmitKind::object ? ArtifactKind::object
                  : emitKind == EmitKind::llvm   ? ArtifactKind::llvmIR
                                                 : ArtifactKind::executable;
  artifact.outputPath = outputFile;
  artifact.headerPath = headerFile;
  artifact.weightsPath = weightsFile;
  artifact.numThreads = numThreads;
  artifact.toolPath = argv[0];

  if (failed(runCompilePipeline(*module, options, compileFrom, to, *backend,
                                artifact)))
    return 1;
  if (to == CompilePhase::artifact)
    return 0;
  // IR after codegen with --weights: the constants go to the side file now
  // and the IR keeps their size; --compile-from=codegen --weights=FILE
  // finishes it.
  if (to == CompilePhase::codegen && !weightsFile.empty()) {
    for (ModuleOp unit : getCompileUnits(*module)) {
      FailureOr<std::vector<char>> weights = takeWeights(
          unit, getWeightsBytes(unit, getCompileUnit(unit).getFunction()));
      if (failed(weights))
        return 1;
      if (!weights->empty() && failed(writeWeightsFile(*weights, weightsFile)))
        return 1;
    }
  }
  if (writeModule(*module) != 0) {
    if (!weightsFile.empty())
      llvm::sys::fs::remove(weightsFile);
    return 1;
  }
  return 0;
}
