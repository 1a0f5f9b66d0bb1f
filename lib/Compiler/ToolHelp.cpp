//===- ToolHelp.cpp - What --help of Kiln's tools shows -------------------===//

#include "kiln/Compiler/ToolHelp.h"

using namespace mlir;
using namespace mlir::kiln;

namespace cl = llvm::cl;

void mlir::kiln::organizeToolHelp(ArrayRef<cl::OptionCategory *> ours) {
  static cl::OptionCategory mlirCategory("MLIR options");
  // --help lists categories by name; "Standard options" comes after the
  // tools' own ("Compile: ...", "Import", "Run"), where LLVM's "Generic
  // Options" would come before some of them.
  static cl::OptionCategory standardCategory("Standard options");
  for (auto &entry : cl::getRegisteredOptions()) {
    cl::Option *option = entry.second;
    bool kept = llvm::any_of(option->Categories, [&](cl::OptionCategory *c) {
      return llvm::is_contained(ours, c);
    });
    if (kept)
      continue;
    StringRef name = entry.first;
    if (name == "help" || name == "help-list" || name == "version") {
      option->Categories.assign({&standardCategory});
      continue;
    }
    if (name.starts_with("mlir-"))
      option->Categories.assign({&mlirCategory});
    if (option->getOptionHiddenFlag() == cl::NotHidden)
      option->setHiddenFlag(cl::Hidden);
  }
}
