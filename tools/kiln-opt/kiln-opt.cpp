//===- kiln-opt.cpp - The Kiln optimizer driver ---------------------------===//
//
// mlir-opt with Kiln's dialect, passes and pipelines added to upstream's.
//
//===----------------------------------------------------------------------===//

#include "kiln/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/CommandLine.h"

/// What is registered before MlirOptMain adds its own options is libLLVM's
/// backend flags (some 800 of them): hidden from --help, still listed by
/// --help-hidden, so that --help shows the passes (Kiln's are the kiln-*
/// and convert-kiln-* entries) and mlir-opt's options.
static void hideBackendFlags() {
  for (auto &entry : llvm::cl::getRegisteredOptions()) {
    llvm::cl::Option *option = entry.second;
    if (llvm::is_contained(option->Categories,
                           &llvm::cl::getGeneralCategory()) &&
        option->getOptionHiddenFlag() == llvm::cl::NotHidden)
      option->setHiddenFlag(llvm::cl::Hidden);
  }
}

int main(int argc, char **argv) {
  hideBackendFlags();
  mlir::registerAllPasses();
  mlir::kiln::registerAllKilnPassesAndPipelines();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::kiln::registerKilnDialects(registry);

  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv,
                        "Kiln optimizer driver\n\n"
                        "Kiln's passes are the --kiln-* and convert-kiln-* "
                        "entries of the pass list below, its pipelines "
                        "--kiln-graph-optimize and --kiln-cpu "
                        "(docs/reference/KilnPasses.md); LLVM's backend "
                        "flags are listed by --help-hidden.\n",
                        registry));
}
