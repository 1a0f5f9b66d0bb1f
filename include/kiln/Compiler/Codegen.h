//===- Codegen.h - From lowered MLIR to LLVM IR and objects -----*- C++ -*-===//
//
// The steps the CPU backend and kiln-run share after the kiln-cpu pipeline:
// translation to LLVM IR with the model's entry wrapper and descriptor,
// the target machine, LLVM optimization, and object emission.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_CODEGEN_H
#define KILN_COMPILER_CODEGEN_H

#include "kiln/Compiler/ModelSignature.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <optional>
#include <string>

namespace mlir::kiln {

/// What the descriptor of a model records beyond its signature, and where
/// it and the wrapper are found: the descriptor is the global `<symbol>` (a
/// kiln_model_desc), the wrapper the function `<symbol>_entry` (a
/// kiln_entry_fn).
struct DescriptorOptions {
  std::string symbol = "kiln_model";
  std::string entry() const { return symbol + "_entry"; }
  /// The descriptor's default thread count (kiln-compile --threads); 0:
  /// one per online core.
  int64_t numThreads = 0;
  /// The weights side file recorded in the descriptor (--weights=FILE).
  std::string weightsFile;
  /// For a training program's initial state: how many of its results are
  /// parameters, emitted as the global `kiln_train_num_params`.
  std::optional<int64_t> trainParameters;
};

/// The directory of a shared library: `const kiln_model_desc
/// *kiln_library_models[]`, the descriptors named `symbols` and a null, for
/// loaders that open the library without its header. For `machine`'s
/// target.
std::unique_ptr<llvm::Module>
buildLibraryDirectory(llvm::LLVMContext &context, ArrayRef<std::string> symbols,
                      llvm::TargetMachine &machine);

/// Translates `module` (LLVM dialect, after kiln-cpu) to LLVM IR and adds
/// the entry wrapper around `signature.function` and the descriptor.
/// Returns null after emitting an error.
std::unique_ptr<llvm::Module>
translateModelToLLVMIR(ModuleOp module, llvm::LLVMContext &context,
                       const ModelSignature &signature,
                       const DescriptorOptions &names);

/// A target machine for the host triple and `cpu` ("host": this machine)
/// with `features` added; relocation model PIC so that objects also link
/// into shared libraries.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(StringRef cpu, StringRef features);

/// The vector register width `machine` targets: 512 with AVX-512F, 256 with
/// AVX, else 128.
int64_t getVectorBits(const llvm::TargetMachine &machine);

/// Sets the triple, data layout and per-function CPU and features, then
/// runs LLVM's O3 pipeline.
llvm::Error optimizeModule(llvm::Module &module, llvm::TargetMachine &machine);

/// Writes `module` as a relocatable object file.
llvm::Error emitObject(llvm::Module &module, llvm::TargetMachine &machine,
                       llvm::raw_pwrite_stream &os);

/// Writes `module` as an object into a new temporary file named after
/// `prefix` and returns its path; the caller removes it. Leaves no file
/// behind on failure.
llvm::Expected<std::string> emitTemporaryObject(llvm::Module &module,
                                                llvm::TargetMachine &machine,
                                                StringRef prefix);

} // namespace mlir::kiln

#endif // KILN_COMPILER_CODEGEN_H
