//===- CompilePipeline.h - kiln-compile's phases ----------------*- C++ -*-===//
//
// One end-to-end pipeline built from named phases, as iree-compile's:
//
//   input      the model as read: an ONNX graph turned into kiln ops, or a
//              parsed .mlir file
//   import     attention raised to kiln.attention, the command line's mesh
//              and shardings attached
//   graph      kiln-graph-optimize
//   training   (--train) the training step and its initial state, the
//              step's auto-sharding and rematerialization
//   partition  auto-sharding (inference), the per-device SPMD program
//   codegen    one unit module per entry point (kiln.unit), each lowered
//              by the target backend
//   artifact   the target's objects linked into the output
//
// runCompilePipeline runs the phases after `from` up to `to`, so that the
// IR written at one phase (--compile-to, --emit=mlir) and fed back
// (--compile-from) finishes the same way. Every PassManager of the
// compile is built here.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PIPELINES_COMPILEPIPELINE_H
#define KILN_PIPELINES_COMPILEPIPELINE_H

#include "kiln/Pipelines/CompileProgress.h"
#include "kiln/Target/TargetBackend.h"
#include "kiln/Transforms/Passes.h"

#include "mlir/IR/BuiltinOps.h"

#include <optional>
#include <string>

namespace mlir::kiln {

/// The phases of a compile, in order.
enum class CompilePhase {
  input,
  import,
  graph,
  training,
  partition,
  codegen,
  artifact,
};

/// "input", "import", ...
StringRef stringifyCompilePhase(CompilePhase phase);
/// The phase named `name`, or nullopt.
std::optional<CompilePhase> symbolizeCompilePhase(StringRef name);

/// How the inputs of a model get shardings from the command line.
enum class ShardMode {
  none,      ///< only the model's own annotations
  batch,     ///< every input's leading dim over the mesh's first axis
  automatic, ///< kiln-shard-auto lays out every value
  file,      ///< a file of per-input and per-weight layouts
};

/// Everything the phases need to know; each field belongs to one phase.
struct CompileOptions {
  /// The function to compile; empty: the module's only public one.
  std::string entry;

  // import: the device mesh (`data=2,model=2`) added to the model, and how
  // its inputs are sharded over it.
  std::string mesh;
  ShardMode shard = ShardMode::none;
  std::string shardFile;

  // training: whether to build a training program, its step's options,
  // and the rematerialization budget of the compiled step (kiln-remat's
  // `budget` syntax; empty: none).
  bool train = false;
  MakeTrainStepPassOptions step;
  std::string rematBudget;

  // graph: report the first op that produced a NaN or an infinity
  // (kiln-check-finite) from inference programs.
  bool checkFinite = false;

  // codegen.
  CodegenOptions codegen;

  /// Whether every pass manager takes the command line's pass-manager
  /// options (--mlir-print-ir-after-all, --mlir-timing, ...): set by tools
  /// that called registerPassManagerCLOptions and
  /// registerDefaultTimingManagerCLOptions.
  bool passManagerCLOptions = false;

  /// Where each phase is reported as it runs; null: nowhere.
  CompileProgress *progress = nullptr;
};

/// Adds the import phase's passes (attention raising on every function).
void buildImportPhase(OpPassManager &pm);

/// Runs the phases after `from` up to and including `to` on `module` for
/// `backend`; `artifact` is used by the artifact phase only. Fails after
/// emitting diagnostics.
LogicalResult runCompilePipeline(ModuleOp module, const CompileOptions &options,
                                 CompilePhase from, CompilePhase to,
                                 TargetBackend &backend,
                                 const ArtifactOptions &artifact = {});

/// Runs the import phase alone (what kiln-import does after reading an
/// ONNX file).
LogicalResult runImportPhase(ModuleOp module,
                             const CompileOptions &options = {});

} // namespace mlir::kiln

#endif // KILN_PIPELINES_COMPILEPIPELINE_H
