//===- KilnPlugin.cpp - Kiln as an mlir-opt dialect and pass plugin -------===//
//
// The two C entry points stock mlir-opt looks up in a plugin library.
//
//===----------------------------------------------------------------------===//

#include "kiln/InitAll.h"

#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Compiler.h"

using namespace mlir;

extern "C" LLVM_ATTRIBUTE_WEAK DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {
      MLIR_PLUGIN_API_VERSION, "Kiln", LLVM_VERSION_STRING,
      [](DialectRegistry *registry) { kiln::registerKilnDialects(*registry); }};
}

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "Kiln", LLVM_VERSION_STRING,
          []() { kiln::registerAllKilnPassesAndPipelines(); }};
}
