//===- TargetBackend.h - What a code generation target provides -*- C++ -*-===//
//
// The compile pipeline (kiln/Pipelines/CompilePipeline.h) is target
// neutral up to the codegen phase; a TargetBackend supplies the rest: the
// passes that lower one compile unit, the memory estimate of a lowered
// unit, and the artifact (objects linked with its runtime libraries).
// Adding a target is implementing this interface and adding it to the
// TargetBackendRegistry the driver is given; nothing else names targets.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TARGET_TARGETBACKEND_H
#define KILN_TARGET_TARGETBACKEND_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringMap.h"

#include <memory>
#include <string>

namespace mlir::kiln {

/// What a compile produces at the artifact phase.
enum class ArtifactKind {
  executable, ///< a program taking .npy files (or a training program)
  shared,     ///< a shared library with the C API, and its header
  object,     ///< a relocatable object with the C API, and its header
  llvmIR,     ///< the optimized LLVM IR of the (single) unit
};

/// How a backend lowers kiln.attention.
enum class AttentionLowering {
  tiled,      ///< FlashAttention-style (kiln-tile-attention): O(seq) memory
  decomposed, ///< matmul, softmax, matmul: the reference, O(seq^2) memory
};

/// Target-neutral choices the codegen pipeline of every backend honours.
struct CodegenOptions {
  /// Constants go to one weights argument (a side file) instead of the
  /// code.
  bool externalWeights = false;
  AttentionLowering attention = AttentionLowering::tiled;
  /// Tiled attention splits the keys of a forward with fewer tasks than
  /// this (split-K decoding); 1 never splits.
  int64_t attentionDecodeTasks = 32;
};

/// Where and how the artifact phase writes its output.
struct ArtifactOptions {
  ArtifactKind kind = ArtifactKind::executable;
  std::string outputPath;
  /// The C header of shared/object artifacts; empty: the output path with
  /// extension .h.
  std::string headerPath;
  /// The weights side file (kiln-compile --weights), empty when embedded.
  std::string weightsPath;
  /// The programs' default thread count; 0: one per online core.
  unsigned numThreads = 0;
  /// The running tool (argv[0]), to find the runtime libraries beside it
  /// (`../lib`) when `runtimeDir` is empty.
  std::string toolPath;
  /// The directory of the runtime libraries, for callers that are not a
  /// tool in Kiln's `bin/` (the compiler library).
  std::string runtimeDir;
};

/// A code generation target. Backends hold their own configuration (chip,
/// features) and no state across compiles.
class TargetBackend {
public:
  virtual ~TargetBackend();

  /// The name `--target=` selects, e.g. "cpu".
  virtual StringRef getName() const = 0;
  /// One line for `--help`.
  virtual StringRef getDescription() const = 0;

  /// Resolves the backend's configuration (for the CPU, its LLVM target
  /// machine) before anything is lowered. Fails with a diagnostic at `loc`.
  virtual LogicalResult initialize(Location loc) = 0;

  /// Adds the passes that lower one compile unit (a module holding one
  /// entry function of kiln on tensors and what it calls, marked with
  /// `kiln.unit`) to the backend's codegen-level IR.
  virtual void buildCodegenPipeline(OpPassManager &pm,
                                    const CodegenOptions &options) const = 0;

  /// The scratch memory, in bytes, of a unit that buildCodegenPipeline
  /// lowered: what the compiled program allocates besides its inputs,
  /// outputs and weights. Rematerialization budgets are checked with it.
  virtual FailureOr<int64_t> getScratchBytes(ModuleOp unit) const = 0;

  /// Whether the backend can write artifacts of `kind`.
  virtual bool supportsArtifact(ArtifactKind kind) const = 0;

  /// The runtime libraries an artifact of the codegen-phase `module` links
  /// (file names, looked up beside the tool).
  virtual SmallVector<std::string>
  getRuntimeLibraries(ModuleOp module, ArtifactKind kind) const = 0;

  /// Writes the artifact for the codegen-phase `module` (one unit module
  /// per entry point). Writes nothing, or removes what it wrote, on
  /// failure, after emitting a diagnostic.
  virtual LogicalResult emitArtifact(ModuleOp module,
                                     const ArtifactOptions &options) = 0;
};

/// The backends a driver offers, by name. Tools build one and add the
/// backends they link; tests add their own.
class TargetBackendRegistry {
public:
  /// Adds `backend`; a second backend of the same name replaces the first.
  void add(std::unique_ptr<TargetBackend> backend);
  /// The backend named `name`, or null.
  TargetBackend *lookup(StringRef name) const;
  /// Every registered name, sorted.
  SmallVector<StringRef> getNames() const;

private:
  llvm::StringMap<std::unique_ptr<TargetBackend>> backends;
};

} // namespace mlir::kiln

#endif // KILN_TARGET_TARGETBACKEND_H
