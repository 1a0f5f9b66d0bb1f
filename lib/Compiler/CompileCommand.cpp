//===- CompileCommand.cpp - kiln-compile's command line as a call ---------===//
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

#include "kiln/Compiler/CompileCommand.h"

#include "kiln/Compiler/Driver.h"
#include "kiln/Compiler/Linker.h"
#include "kiln/Compiler/ToolHelp.h"
#include "kiln/Compiler/Weights.h"
#include "kiln/Import/OnnxImporter.h"
#include "kiln/Pipelines/CompilePipeline.h"
#include "kiln/Pipelines/CompileProgress.h"
#include "kiln/Pipelines/CompileUnits.h"
#include "kiln/Support/AtomicOutputFile.h"
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

using namespace mlir;
using namespace mlir::kiln;

namespace cl = llvm::cl;

namespace {

enum class EmitKind { exe, shared, object, mlir, llvm };
enum class ShardFlag { none, batch, automatic };

/// kiln-compile's options. LLVM's command-line options register themselves
/// with the process's parser when they are constructed, so this struct is
/// made once, on first use (not at load time: a library that links it
/// registers nothing until it compiles). Categories are listed
/// alphabetically by --help.
struct CompileFlags {
  cl::OptionCategory compileCategory{"Compile: input, output and phases"};
  cl::OptionCategory targetCategory{"Compile: target"};
  cl::OptionCategory trainCategory{
      "Compile: training (--train)",
      "build a training program from the model: loss on its first result, "
      "gradients, optimizer updates (kiln-opt --kiln-make-train-step)"};
  cl::OptionCategory shardCategory{"Compile: sharding over a device mesh"};

  cl::opt<std::string> inputFile{cl::Positional, cl::Required,
                                 cl::desc("<model.mlir|model.onnx>"),
                                 cl::cat(compileCategory)};
  cl::list<std::string> inputShapes{
      "input-shape",
      cl::desc("for .onnx input: fix a graph input's shape, e.g. "
               "input_ids=1x128 (repeatable)"),
      cl::value_desc("NAME=DxD..."), cl::cat(compileCategory)};
  cl::list<std::string> staticInputs{
      "static-input",
      cl::desc("for .onnx input: fix a graph input to the value in FILE (.npy "
               "or ONNX .pb) at compile time; the program no longer takes it "
               "(repeatable)"),
      cl::value_desc("NAME=FILE"), cl::cat(compileCategory)};
  cl::opt<std::string> outputFile{"o", cl::Required, cl::desc("output file"),
                                  cl::value_desc("path"),
                                  cl::cat(compileCategory)};
  cl::opt<EmitKind> emitKind{
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
      cl::cat(compileCategory)};

  cl::opt<std::string> compileTo{
      "compile-to",
      cl::desc("stop after this phase and write its IR: input, import, graph, "
               "training, partition, codegen or artifact (the default; "
               "docs/design/pipeline.md)"),
      cl::value_desc("phase"), cl::init("artifact"), cl::cat(compileCategory)};
  cl::opt<std::string> compileFrom{
      "compile-from",
      cl::desc("the input is the IR --compile-to wrote after this phase; run "
               "the phases after it"),
      cl::value_desc("phase"), cl::init("input"), cl::cat(compileCategory)};
  cl::opt<bool> checkFinite{
      "check-finite",
      cl::desc("make the program report the first op that produced a NaN or "
               "an infinity, and exit with status 3 (slower: every result is "
               "read once more)"),
      cl::cat(compileCategory)};
  cl::opt<bool> progress{
      "progress",
      cl::desc("report each phase on stderr as it runs (the default when "
               "stderr is a terminal; --progress=false turns it off)"),
      cl::cat(compileCategory)};
  cl::opt<std::string> entryName{"entry", cl::desc("function to compile"),
                                 cl::init(""), cl::cat(compileCategory)};
  cl::opt<std::string> headerFile{
      "header",
      cl::desc("where --emit=shared|object writes the model's C header "
               "(default: the output path with extension .h)"),
      cl::value_desc("path"), cl::init(""), cl::cat(compileCategory)};
  cl::opt<std::string> weightsFile{
      "weights",
      cl::desc("write the constants to this side file, which the program maps "
               "at start, instead of embedding them (for large models)"),
      cl::value_desc("file"), cl::cat(compileCategory)};

  cl::opt<AttentionLowering> attention{
      "attention", cl::desc("how kiln.attention is lowered"),
      cl::values(clEnumValN(AttentionLowering::tiled, "tiled",
                            "FlashAttention-style blocks with an online "
                            "softmax: memory linear in the sequence "
                            "(default)"),
                 clEnumValN(AttentionLowering::decomposed, "decomposed",
                            "matmul, softmax, matmul: the reference, with "
                            "the [Sq, Sk] scores in memory")),
      cl::init(AttentionLowering::tiled), cl::cat(targetCategory)};
  cl::opt<int64_t> attentionDecodeTasks{
      "attention-decode-tasks",
      cl::desc("tiled attention splits the keys of a forward with fewer "
               "(batch, head, query block) tasks than this into parts, one "
               "task each (split-K decoding); 1 never splits (default 32)"),
      cl::init(32), cl::cat(targetCategory)};
  cl::opt<std::string> targetName{"target",
                                  cl::desc("the code generation target"),
                                  cl::init("cpu"), cl::cat(targetCategory)};
  cl::opt<std::string> targetCpu{
      "target-cpu",
      cl::desc("--target=cpu: CPU to compile for (`host`: this "
               "machine)"),
      cl::init("host"), cl::cat(targetCategory)};
  cl::opt<std::string> targetFeatures{
      "target-features",
      cl::desc("--target=cpu: LLVM target features to add or remove, e.g. "
               "-avx512f"),
      cl::init(""), cl::cat(targetCategory)};

  cl::opt<bool> train{
      "train",
      cl::desc("produce a training program (an executable, or a "
               "shared library with --emit=shared)"),
      cl::cat(trainCategory)};
  // The defaults are the pass's own (Passes.td), stated once.
  const MakeTrainStepPassOptions kStepDefaults{};
  cl::opt<TrainLoss> trainLoss{
      "loss", cl::desc("the loss on the model's first result"),
      cl::init(kStepDefaults.loss),
      cl::values(clEnumValN(TrainLoss::cross_entropy, "cross_entropy",
                            "softmax cross-entropy against i64 labels"),
                 clEnumValN(TrainLoss::mse, "mse", "mean squared error")),
      cl::cat(trainCategory)};
  cl::opt<TrainOptimizer> trainOptimizer{
      "optimizer", cl::desc("the parameter update"),
      cl::init(kStepDefaults.optimizer),
      cl::values(clEnumValN(TrainOptimizer::sgd, "sgd", "SGD"),
                 clEnumValN(TrainOptimizer::adamw, "adamw", "AdamW")),
      cl::cat(trainCategory)};
  cl::opt<double> trainLr{"lr", cl::desc("learning rate"),
                          cl::init(kStepDefaults.lr), cl::cat(trainCategory)};
  cl::opt<double> trainMomentum{"momentum", cl::desc("SGD momentum"),
                                cl::init(kStepDefaults.momentum),
                                cl::cat(trainCategory)};
  cl::opt<bool> trainNesterov{
      "nesterov", cl::desc("SGD with Nesterov momentum"),
      cl::init(kStepDefaults.nesterov), cl::cat(trainCategory)};
  cl::opt<double> trainWeightDecay{
      "weight-decay",
      cl::desc("weight decay (default: torch's, 0 for sgd and 0.01 for adamw)"),
      cl::init(kStepDefaults.weightDecay), cl::cat(trainCategory)};
  cl::opt<double> trainBeta1{"beta1", cl::desc("AdamW beta1"),
                             cl::init(kStepDefaults.beta1),
                             cl::cat(trainCategory)};
  cl::opt<double> trainBeta2{"beta2", cl::desc("AdamW beta2"),
                             cl::init(kStepDefaults.beta2),
                             cl::cat(trainCategory)};
  cl::opt<double> trainEpsilon{"epsilon", cl::desc("AdamW epsilon"),
                               cl::init(kStepDefaults.epsilon),
                               cl::cat(trainCategory)};
  cl::opt<std::string> trainRematBudget{
      "remat-budget",
      cl::desc("recompute activations so that the training step's compiled "
               "scratch memory fits this budget: bytes (64MiB) or a "
               "percentage of the step's without recomputation (70%) "
               "(kiln-opt --kiln-remat)"),
      cl::init(""), cl::cat(trainCategory)};

  cl::opt<std::string> meshOption{
      "mesh",
      cl::desc("partition the model over a device mesh, e.g. data=2,model=2 "
               "(run the executable with mpirun -np 4)"),
      cl::init(""), cl::cat(shardCategory)};
  cl::opt<ShardFlag> shardOption{
      "shard", cl::desc("how the entry's inputs are sharded over the mesh"),
      cl::init(ShardFlag::none),
      cl::values(clEnumValN(ShardFlag::batch, "batch",
                            "leading dims over the mesh's first axis"),
                 clEnumValN(ShardFlag::automatic, "auto",
                            "every value laid out by kiln-shard-auto; with "
                            "--train, the whole step")),
      cl::cat(shardCategory)};
  cl::opt<std::string> shardFileOption{
      "shard-file",
      cl::desc("the layouts of inputs and weights: a file of "
               "'NAME [{\"axis\"}, {}]' lines"),
      cl::value_desc("file"), cl::init(""), cl::cat(shardCategory)};
};

CompileFlags &flags() {
  static CompileFlags instance;
  return instance;
}

/// The categories --help shows.
SmallVector<cl::OptionCategory *> getOwnCategories(CompileFlags &f) {
  return {&f.compileCategory, &f.targetCategory, &f.trainCategory,
          &f.shardCategory};
}

/// `--threads=N` is read before LLVM's option parser, which already owns an
/// option of that name (libLLVM's own `-threads`, which has no
/// description). Removes it from `args`; fails with a message.
FailureOr<std::optional<unsigned>>
takeThreadsOption(std::vector<const char *> &args, llvm::raw_ostream &errors) {
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
      errors << "error: --threads expects a non-negative integer, given '"
             << value << "'\n";
      return failure();
    }
    threads = parsed;
    args.erase(args.begin() + i, args.begin() + i + consumed);
  }
  return threads;
}

/// LLVM's own `threads` option is never parsed (takeThreadsOption takes the
/// flag first); --help describes kiln-compile's through it.
void describeThreadsOption(CompileFlags &f) {
  auto &options = cl::getRegisteredOptions();
  auto it = options.find("threads");
  if (it == options.end())
    return;
  it->second->setDescription("threads the compiled program runs its "
                             "parallel loops on by default (0: one per "
                             "online core; the program's --threads N "
                             "overrides it)");
  it->second->setValueStr("N");
  it->second->Categories.assign({&f.targetCategory});
  it->second->setHiddenFlag(cl::NotHidden);
}

/// Writes `module` to the output path, keeping the file only on success.
int writeModule(ModuleOp module, llvm::raw_ostream &errors) {
  std::string error;
  auto output = AtomicOutputFile::open(flags().outputFile, &error);
  if (!output) {
    errors << "error: " << error << "\n";
    return 1;
  }
  module.print(output->os());
  if (failed(output->keep(&error))) {
    errors << "error: " << error << "\n";
    return 1;
  }
  return 0;
}

/// The phases --compile-from and --compile-to name.
struct PhaseRange {
  CompilePhase from, to;
};

/// Checks the combination of options; reports an error and fails.
FailureOr<PhaseRange> checkOptions(llvm::raw_ostream &errors) {
  CompileFlags &f = flags();
  auto fail = [&](const Twine &message) {
    errors << "error: " << message << "\n";
    return failure();
  };
  std::optional<CompilePhase> from = symbolizeCompilePhase(f.compileFrom);
  std::optional<CompilePhase> to = symbolizeCompilePhase(f.compileTo);
  for (auto [name, phase, value] :
       {std::tuple{"compile-from", from, f.compileFrom.getValue()},
        std::tuple{"compile-to", to, f.compileTo.getValue()}})
    if (!phase)
      return fail(Twine("--") + name + "=" + value +
                  ": not a phase (input, import, graph, training, "
                  "partition, codegen, artifact)");
  // --emit=mlir alone writes the target-level IR; --compile-to=PHASE alone
  // writes that phase's IR.
  if (f.emitKind == EmitKind::mlir && f.compileTo.getNumOccurrences() == 0)
    to = CompilePhase::codegen;
  if (*from > *to || (*from == *to && *to != CompilePhase::input))
    return fail("--compile-from=" + stringifyCompilePhase(*from) +
                " must come before --compile-to=" + stringifyCompilePhase(*to));
  if (f.emitKind == EmitKind::mlir && *to == CompilePhase::artifact)
    return fail("--emit=mlir writes IR; it stops at codegen at the latest");
  if (f.train && (!f.weightsFile.empty() || (f.emitKind != EmitKind::exe &&
                                             f.emitKind != EmitKind::shared &&
                                             f.emitKind != EmitKind::mlir)))
    return fail("--train produces an executable or a shared library (or "
                "their IR with --emit=mlir); --weights and "
                "--emit=object|llvm are not supported with it");
  if (f.checkFinite && f.train)
    return fail("--check-finite instruments inference programs; it is not "
                "supported with --train");
  if (f.shardOption != ShardFlag::none && !f.shardFileOption.empty())
    return fail("give --shard or --shard-file, not both");
  if (*from != CompilePhase::input && StringRef(f.inputFile).ends_with(".onnx"))
    return fail("--compile-from needs the .mlir that --compile-to wrote, "
                "not an .onnx model");
  return PhaseRange{*from, *to};
}

/// Reads the model the command line names.
OwningOpRef<ModuleOp> readModel(MLIRContext &context,
                                llvm::SourceMgr &sourceMgr,
                                llvm::raw_ostream &errors) {
  CompileFlags &f = flags();
  if (!StringRef(f.inputFile).ends_with(".onnx"))
    return parseModelFile(f.inputFile, context, sourceMgr);
  OnnxImportOptions importOptions;
  std::string error;
  for (const std::string &text : f.inputShapes)
    if (failed(addInputShape(text, importOptions, error))) {
      errors << "error: " << error << "\n";
      return nullptr;
    }
  for (const std::string &text : f.staticInputs)
    if (failed(addStaticInput(text, importOptions, error))) {
      errors << "error: " << error << "\n";
      return nullptr;
    }
  return importOnnxFile(f.inputFile, context, importOptions);
}

/// The compile pipeline's options from the command line.
CompileOptions getCompileOptions() {
  CompileFlags &f = flags();
  CompileOptions options;
  options.entry = f.entryName;
  options.mesh = f.meshOption;
  options.shard = f.shardOption == ShardFlag::batch       ? ShardMode::batch
                  : f.shardOption == ShardFlag::automatic ? ShardMode::automatic
                  : f.shardFileOption.empty()             ? ShardMode::none
                                                          : ShardMode::file;
  options.shardFile = f.shardFileOption;
  options.train = f.train;
  options.step.loss = f.trainLoss;
  options.step.optimizer = f.trainOptimizer;
  options.step.lr = f.trainLr;
  options.step.momentum = f.trainMomentum;
  options.step.nesterov = f.trainNesterov;
  options.step.weightDecay = f.trainWeightDecay;
  options.step.beta1 = f.trainBeta1;
  options.step.beta2 = f.trainBeta2;
  options.step.epsilon = f.trainEpsilon;
  options.rematBudget = f.trainRematBudget;
  options.checkFinite = f.checkFinite;
  options.codegen.externalWeights = !f.weightsFile.empty();
  options.codegen.attention = f.attention;
  options.codegen.attentionDecodeTasks = f.attentionDecodeTasks;
  options.passManagerCLOptions = true;
  return options;
}

} // namespace

/// Registers kiln-compile's options (once per process) and organizes
/// --help around them.
static void registerCompileCommandOptions() {
  static bool registered = [] {
    CompileFlags &f = flags();
    registerPassManagerCLOptions();
    registerDefaultTimingManagerCLOptions();
    registerAsmPrinterCLOptions();
    registerMLIRContextCLOptions();
    organizeToolHelp(getOwnCategories(f));
    describeThreadsOption(f);
    return true;
  }();
  (void)registered;
}

int mlir::kiln::runCompileCommand(ArrayRef<const char *> argv,
                                  const CompileCommandEnvironment &env) {
  llvm::raw_ostream &errors = *env.errors;
  registerCompileCommandOptions();
  CompileFlags &f = flags();
  cl::ResetAllOptionOccurrences();
  std::vector<const char *> args(argv.begin(), argv.end());
  FailureOr<std::optional<unsigned>> numThreads =
      takeThreadsOption(args, errors);
  if (failed(numThreads))
    return 1;
  if (!cl::ParseCommandLineOptions(
          static_cast<int>(args.size()), args.data(),
          "kiln-compile: compile a Kiln model to native code\n\n"
          "MLIR's pass-manager options (--mlir-timing, "
          "--mlir-print-ir-after-all, ...) and LLVM's are listed by "
          "--help-hidden.\n",
          &errors))
    return 1;
  FailureOr<PhaseRange> phases = checkOptions(errors);
  if (failed(phases))
    return 1;

  TargetBackendRegistry targets;
  CpuTargetOptions cpu;
  cpu.cpu = f.targetCpu;
  cpu.features = f.targetFeatures;
  targets.add(createCpuBackend(cpu));
  TargetBackend *backend = targets.lookup(f.targetName);
  if (!backend) {
    errors << "error: unknown --target '" << f.targetName
           << "'; this kiln-compile has: "
           << llvm::join(targets.getNames(), ", ") << "\n";
    return 1;
  }

  MLIRContext context;
  prepareCompilerContext(context);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context, errors);
  bool showProgress =
      f.progress.getNumOccurrences() ? f.progress.getValue() : env.interactive;
  CompileProgress progress(errors, showProgress);
  OwningOpRef<ModuleOp> module;
  {
    CompileProgress::Phase reading =
        progress.phase("input", "reading " + f.inputFile.getValue());
    module = readModel(context, sourceMgr, errors);
  }
  if (!module)
    return 1;

  CompileOptions options = getCompileOptions();
  options.progress = &progress;
  ArtifactOptions artifact;
  artifact.kind = f.emitKind == EmitKind::shared   ? ArtifactKind::shared
                  : f.emitKind == EmitKind::object ? ArtifactKind::object
                  : f.emitKind == EmitKind::llvm   ? ArtifactKind::llvmIR
                                                   : ArtifactKind::executable;
  artifact.outputPath = f.outputFile;
  artifact.headerPath = f.headerFile;
  artifact.weightsPath = f.weightsFile;
  artifact.numThreads = numThreads->value_or(0);
  artifact.toolPath = args[0];
  artifact.runtimeDir = env.runtimeDir;

  CompilePhase to = phases->to;
  if (failed(runCompilePipeline(*module, options, phases->from, to, *backend,
                                artifact)))
    return 1;
  if (to == CompilePhase::artifact)
    return 0;
  // IR after codegen with --weights: the constants go to the side file now
  // and the IR keeps their size; --compile-from=codegen --weights=FILE
  // finishes it.
  if (to == CompilePhase::codegen && !f.weightsFile.empty()) {
    for (ModuleOp unit : getCompileUnits(*module)) {
      FailureOr<std::vector<char>> weights = takeWeights(
          unit, getWeightsBytes(unit, getCompileUnit(unit).getFunction()));
      if (failed(weights))
        return 1;
      if (!weights->empty() &&
          failed(writeWeightsFile(unit.getLoc(), *weights, f.weightsFile)))
        return 1;
    }
  }
  if (writeModule(*module, errors) != 0) {
    if (!f.weightsFile.empty())
      llvm::sys::fs::remove(f.weightsFile);
    return 1;
  }
  return 0;
}
