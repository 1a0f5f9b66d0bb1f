//===- kiln-import.cpp - Import an ONNX model as Kiln IR
//-------------------===//
//
//   kiln-import model.onnx -o model.mlir [--input-shape NAME=1x128 ...]
//
// Writes one func.func of kiln ops (weights as dense_resource blobs at the
// end of the file). On any error (unreadable file, unsupported operator or
// opset, symbolic shape not fixed) prints one diagnostic, exits 1 and
// writes nothing.
//
//===----------------------------------------------------------------------===//

#include "kiln/Import/OnnxImporter.h"
#include "kiln/Pipelines/CompilePipeline.h"

#include "kiln/Compiler/ToolHelp.h"
#include "kiln/Support/AtomicOutputFile.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace mlir::kiln;

namespace cl = llvm::cl;

static cl::OptionCategory importCategory("Import");

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.onnx>"),
                                      cl::cat(importCategory));
static cl::opt<std::string> outputFile("o", cl::desc("output file"),
                                       cl::value_desc("path"),
                                       cl::cat(importCategory));
static cl::opt<bool> listOperators(
    "list-operators",
    cl::desc("print the supported ONNX operator types, one per line"),
    cl::cat(importCategory));
static cl::list<std::string> inputShapes(
    "input-shape",
    cl::desc("fix a graph input's shape, e.g. input_ids=1x128 (repeatable)"),
    cl::value_desc("NAME=DxD..."), cl::cat(importCategory));
static cl::list<std::string> staticInputs(
    "static-input",
    cl::desc("fix a graph input to the value in FILE (.npy or ONNX .pb); "
             "the imported function no longer takes it (repeatable)"),
    cl::value_desc("NAME=FILE"), cl::cat(importCategory));
static cl::opt<std::string>
    functionName("function",
                 cl::desc("name of the imported function (default: the "
                          "graph's name)"),
                 cl::init(""), cl::cat(importCategory));

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // --mlir-print-debuginfo keeps each op's ONNX node name in the output
  // (kiln-remat's layer checkpointing reads it).
  registerAsmPrinterCLOptions();
  organizeToolHelp({&importCategory});
  if (cl::Option *debugInfo =
          cl::getRegisteredOptions().lookup("mlir-print-debuginfo")) {
    debugInfo->Categories.assign({&importCategory});
    debugInfo->setHiddenFlag(cl::NotHidden);
  }
  cl::ParseCommandLineOptions(argc, argv,
                              "kiln-import: ONNX model to Kiln IR\n\n"
                              "LLVM's and MLIR's options are listed by "
                              "--help-hidden.\n");
  if (listOperators) {
    for (const std::string &name : getSupportedOnnxOperators())
      llvm::outs() << name << "\n";
    return 0;
  }
  if (inputFile.empty() || outputFile.empty()) {
    llvm::errs() << "error: kiln-import needs an input model and -o OUTPUT\n";
    return 1;
  }
  OnnxImportOptions options;
  options.functionName = functionName;
  for (const std::string &text : inputShapes) {
    std::string error;
    if (failed(addInputShape(text, options, error))) {
      llvm::errs() << "error: " << error << "\n";
      return 1;
    }
  }
  for (const std::string &text : staticInputs) {
    std::string error;
    if (failed(addStaticInput(text, options, error))) {
      llvm::errs() << "error: " << error << "\n";
      return 1;
    }
  }
  MLIRContext context;
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = importOnnxFile(inputFile, context, options);
  if (!module || failed(runImportPhase(*module)))
    return 1;
  std::string error;
  auto output = AtomicOutputFile::open(outputFile, &error);
  if (!output) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }
  module->print(output->os());
  if (failed(output->keep(&error))) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }
  return 0;
}
