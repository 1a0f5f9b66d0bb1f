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
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"

#include <unistd.h>

#include <string>

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

/// The overview --help prints first: Kiln's pipelines and passes with
/// their summaries, then where the rest is.
static std::string describeKilnPasses() {
  static const char *const kPipelines[] = {"kiln-graph-optimize", "kiln-cpu"};
  static const char *const kPasses[] = {
#include "KilnPassNames.inc"
  };
  std::string text = "Kiln optimizer driver: mlir-opt with Kiln's dialect, "
                     "passes and pipelines\n\nKiln's pipelines:\n";
  auto line = [&](const mlir::PassRegistryEntry *entry) {
    text += llvm::formatv("  --{0,-32} {1}\n", entry->getPassArgument(),
                          entry->getPassDescription())
                .str();
  };
  for (const char *name : kPipelines)
    if (const mlir::PassPipelineInfo *info =
            mlir::PassPipelineInfo::lookup(name))
      line(info);
  text += "Kiln's passes (docs/reference/KilnPasses.md):\n";
  for (const char *name : kPasses)
    if (const mlir::PassInfo *info = mlir::PassInfo::lookup(name))
      line(info);
  text += "\nThe pass list below also holds upstream MLIR's passes; LLVM's "
          "backend flags are listed by --help-hidden.\n";
  return text;
}

int main(int argc, char **argv) {
  hideBackendFlags();
  mlir::registerAllPasses();
  mlir::kiln::registerAllKilnPassesAndPipelines();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::kiln::registerKilnDialects(registry);

  auto [inputFile, outputFile] = mlir::registerAndParseCLIOptions(
      argc, argv, describeKilnPasses(), registry);
  // The output appears whole or not at all: MlirOptMain writes a temporary
  // file beside it, renamed into place on success (docs/reliability.md).
  if (outputFile == "-")
    return mlir::asMainReturnCode(
        mlir::MlirOptMain(argc, argv, inputFile, outputFile, registry));
  llvm::SmallString<256> temporary;
  int fd;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(
          outputFile + ".tmp-%%%%%%", fd, temporary)) {
    llvm::errs() << "error: cannot write " << outputFile << ": " << ec.message()
                 << "\n";
    return 1;
  }
  ::close(fd);
  llvm::FileRemover remover(temporary);
  if (mlir::failed(
          mlir::MlirOptMain(argc, argv, inputFile, temporary, registry)))
    return 1;
  if (std::error_code ec = llvm::sys::fs::rename(temporary, outputFile)) {
    llvm::errs() << "error: cannot write " << outputFile << ": " << ec.message()
                 << "\n";
    return 1;
  }
  remover.releaseFile();
  return 0;
}
