//===- CpuBackend.cpp - The x86-64 CPU target -----------------------------===//

#include "kiln/Target/CPU/CpuBackend.h"

#include "kiln/Compiler/Codegen.h"
#include "kiln/Compiler/Linker.h"
#include "kiln/Compiler/ModelHeader.h"
#include "kiln/Compiler/ModelSignature.h"
#include "kiln/Compiler/Weights.h"
#include "kiln/KilnDialect.h"
#include "kiln/Pipelines/CompileUnits.h"
#include "kiln/Pipelines/Pipelines.h"

#include "kiln/Support/AtomicOutputFile.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// True when the lowered `unit` calls the MPI collectives of
/// libKilnRuntimeMpi (it was partitioned over a mesh).
bool usesMpiRuntime(ModuleOp unit) {
  bool found = false;
  unit.walk([&](SymbolOpInterface symbol) {
    if (symbol.getName().starts_with("kiln_shard_"))
      found = true;
  });
  return found;
}

/// A training program's units carry how many of the initial state's
/// results are parameters.
bool isTrainingProgram(ArrayRef<ModuleOp> units) {
  return llvm::any_of(units, [](ModuleOp unit) {
    return getCompileUnit(unit).getTrainParameters() >= 0;
  });
}

/// The runtime pieces a program of `units` links: the main() of a model or
/// of a training program, and whether MPI's collectives are needed.
struct RuntimeNeeds {
  StringRef mainLibrary;
  bool mpi;
};
RuntimeNeeds getRuntimeNeeds(ArrayRef<ModuleOp> units) {
  return {isTrainingProgram(units) ? "libKilnRuntimeTrainMain.a"
                                   : "libKilnRuntimeMain.a",
          llvm::any_of(units, usesMpiRuntime)};
}

class CpuBackend final : public TargetBackend {
public:
  explicit CpuBackend(CpuTargetOptions options) : options(std::move(options)) {}

  StringRef getName() const override { return "cpu"; }
  StringRef getDescription() const override {
    return "x86-64 through LLVM (executables, shared libraries, objects)";
  }

  LogicalResult initialize(Location loc) override {
    if (machine)
      return success();
    auto created = createTargetMachine(options.cpu, options.features);
    if (!created)
      return emitError(loc) << llvm::toString(created.takeError());
    machine = std::move(*created);
    return success();
  }

  void buildCodegenPipeline(OpPassManager &pm,
                            const CodegenOptions &codegen) const override {
    CpuPipelineOptions cpu;
    // The target decides the vector width the schedules are built for.
    cpu.vectorBits = getVectorBits(*machine);
    cpu.externalWeights = codegen.externalWeights;
    cpu.tileAttention = codegen.attention == AttentionLowering::tiled;
    cpu.attentionDecodeTasks = codegen.attentionDecodeTasks;
    buildCpuPipeline(pm, cpu);
  }

  FailureOr<int64_t> getScratchBytes(ModuleOp unit) const override {
    auto function =
        unit.lookupSymbol<LLVM::LLVMFuncOp>(getCompileUnit(unit).getFunction());
    if (!function)
      return unit.emitError("the lowered unit has no function '")
             << getCompileUnit(unit).getFunction() << "'";
    auto arena =
        function->getAttrOfType<IntegerAttr>(KilnDialect::kArenaBytesAttrName);
    return arena ? arena.getInt() : 0;
  }

  bool supportsArtifact(ArtifactKind) const override { return true; }

  SmallVector<std::string>
  getRuntimeLibraries(ModuleOp module, ArtifactKind kind) const override {
    SmallVector<std::string> libraries;
    if (kind == ArtifactKind::llvmIR)
      return libraries;
    RuntimeNeeds needs = getRuntimeNeeds(getCompileUnits(module));
    if (kind == ArtifactKind::executable)
      libraries.push_back(needs.mainLibrary.str());
    if (needs.mpi)
      libraries.push_back("libKilnRuntimeMpi.a");
    libraries.push_back("libKilnRuntime.a");
    return libraries;
  }

  LogicalResult emitArtifact(ModuleOp module,
                             const ArtifactOptions &artifact) override;

private:
  CpuTargetOptions options;
  std::unique_ptr<llvm::TargetMachine> machine;
};

/// Writes `print`'s text to `path`, keeping the file only on success.
LogicalResult writeText(Location loc, StringRef path,
                        function_ref<void(llvm::raw_ostream &)> print) {
  std::string error;
  auto output = AtomicOutputFile::open(path, &error);
  if (!output)
    return emitError(loc) << error;
  print(output->os());
  if (failed(output->keep(&error)))
    return emitError(loc) << error;
  return success();
}

LogicalResult CpuBackend::emitArtifact(ModuleOp module,
                                       const ArtifactOptions &artifact) {
  SmallVector<ModuleOp> units = getCompileUnits(module);
  bool training = isTrainingProgram(units);
  bool library = artifact.kind == ArtifactKind::shared ||
                 artifact.kind == ArtifactKind::object;
  if (training && ((artifact.kind != ArtifactKind::executable &&
                    artifact.kind != ArtifactKind::shared) ||
                   !artifact.weightsPath.empty()))
    return emitError(module.getLoc())
           << "a training program compiles to an executable or a shared "
              "library with its weights inside; --weights and "
              "--emit=object|llvm are not supported with it";
  if (!training && units.size() != 1)
    return emitError(module.getLoc())
           << "expected one compile unit for a model, found " << units.size();

  // With --weights the constants leave the module and go to the side file,
  // written last, once everything else has succeeded. A unit whose
  // weights were already written (at --compile-to=codegen) keeps only
  // their size.
  std::optional<std::vector<char>> weights;
  if (!training) {
    ModuleOp unit = units.front();
    int64_t bytes = getWeightsBytes(unit, getCompileUnit(unit).getFunction());
    if (unit->hasAttr(KilnDialect::kWeightsAttrName)) {
      FailureOr<std::vector<char>> taken = takeWeights(unit, bytes);
      if (failed(taken))
        return failure();
      weights = std::move(*taken);
    } else if (bytes > 0 && artifact.weightsPath.empty()) {
      return emitError(module.getLoc())
             << "the model takes a " << bytes
             << "-byte weights file that was written at the codegen phase; "
                "name it with --weights";
    }
  }

  llvm::LLVMContext llvmContext;
  std::vector<std::string> objects;
  std::vector<std::unique_ptr<llvm::FileRemover>> removers;
  // Emits `llvmModule` to a temporary object that is linked and removed.
  auto addObject = [&](llvm::Module &llvmModule, StringRef prefix,
                       Location loc) -> LogicalResult {
    llvm::Expected<std::string> object =
        emitTemporaryObject(llvmModule, *machine, prefix);
    if (!object)
      return emitError(loc) << llvm::toString(object.takeError());
    removers.push_back(std::make_unique<llvm::FileRemover>(*object));
    objects.push_back(*object);
    return success();
  };
  // The header of a library declares every unit's descriptor.
  std::string headerText;
  SmallVector<std::string> symbols;
  for (ModuleOp unit : units) {
    CompileUnitAttr info = getCompileUnit(unit);
    FailureOr<ModelSignature> signature =
        getUnitSignature(info, [&] { return unit.emitError(); });
    if (failed(signature))
      return failure();
    // Executables find their model as `kiln_model`; libraries and objects
    // name it after the function so that several can be linked together.
    DescriptorOptions names;
    names.symbol = training || library ? info.getSymbol().str() : "kiln_model";
    names.numThreads = artifact.numThreads;
    names.weightsFile = artifact.weightsPath;
    if (info.getTrainParameters() >= 0)
      names.trainParameters = info.getTrainParameters();
    std::unique_ptr<llvm::Module> llvmModule =
        translateModelToLLVMIR(unit, llvmContext, *signature, names);
    if (!llvmModule)
      return failure();
    if (llvm::Error error = optimizeModule(*llvmModule, *machine))
      return emitError(unit.getLoc()) << llvm::toString(std::move(error));
    if (artifact.kind == ArtifactKind::llvmIR) {
      if (failed(writeText(
              module.getLoc(), artifact.outputPath,
              [&](llvm::raw_ostream &os) { llvmModule->print(os, nullptr); })))
        return failure();
      break;
    }
    if (failed(addObject(*llvmModule, "kiln-model", unit.getLoc())))
      return failure();
    if (library)
      headerText += generateModelHeader(
          *signature, names, llvm::sys::path::filename(artifact.outputPath));
    symbols.push_back(names.symbol);
  }
  // A shared library lists its descriptors, so that a loader (Kiln's
  // Python package) finds them without the header.
  if (artifact.kind == ArtifactKind::shared) {
    std::unique_ptr<llvm::Module> directory =
        buildLibraryDirectory(llvmContext, symbols, *machine);
    if (failed(addObject(*directory, "kiln-library", module.getLoc())))
      return failure();
  }
  if (training && library)
    headerText += "/* How many of kiln_train_init's outputs are parameters "
                  "(the rest is optimizer state). */\n"
                  "extern const int64_t kiln_train_num_params;\n";

  auto finish = [&]() -> LogicalResult {
    if (weights && !artifact.weightsPath.empty() &&
        failed(writeWeightsFile(module.getLoc(), *weights,
                                artifact.weightsPath))) {
      llvm::sys::fs::remove(artifact.outputPath);
      return failure();
    }
    return success();
  };
  if (artifact.kind == ArtifactKind::llvmIR)
    return finish();

  LinkKind kind = artifact.kind == ArtifactKind::executable
                      ? LinkKind::executable
                  : artifact.kind == ArtifactKind::shared ? LinkKind::shared
                                                          : LinkKind::object;
  RuntimeNeeds needs = getRuntimeNeeds(units);
  std::string runtimeDir =
      artifact.runtimeDir.empty()
          ? getRuntimeDirBesideTool(artifact.toolPath.c_str())
          : artifact.runtimeDir;
  if (!library) {
    if (failed(linkModel(module.getLoc(), objects, artifact.outputPath, kind,
                         runtimeDir, needs.mainLibrary, needs.mpi)))
      return failure();
    return finish();
  }

  // The header is written first and kept only if the link succeeds.
  std::string headerPath = artifact.headerPath;
  if (headerPath.empty()) {
    SmallString<128> path(artifact.outputPath);
    llvm::sys::path::replace_extension(path, "h");
    headerPath = std::string(path);
  }
  std::string error;
  auto header = AtomicOutputFile::open(headerPath, &error);
  if (!header)
    return emitError(module.getLoc()) << error;
  header->os() << headerText;
  if (failed(linkModel(module.getLoc(), objects, artifact.outputPath, kind,
                       runtimeDir, needs.mainLibrary, needs.mpi)) ||
      failed(finish()))
    return failure();
  if (failed(header->keep(&error)))
    return emitError(module.getLoc()) << error;
  return success();
}

} // namespace

std::unique_ptr<TargetBackend>
mlir::kiln::createCpuBackend(const CpuTargetOptions &options) {
  return std::make_unique<CpuBackend>(options);
}
