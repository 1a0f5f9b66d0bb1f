//===- ToolHelp.cpp - What --help of Kiln's tools shows -------------------===//

#include "kiln/Compiler/ToolHelp.h"

using namespace mlir;
using namespace mlir::kiln;

namespace cl = llvm::cl;

void mlir::kiln::organizeToolHelp(ArrayRef<cl::OptionCategory *> ours) {
  static cl::OptionCategory mlirCategory("MLIR options");
  for (auto &entry : cl::getRegisteredOptions()) {
    cl::Option *option = entry.second;
    bool kept = llvm::any_of(option->Categories, [&](cl::OptionCategory *c) {
      return llvm::is_contained(ours, c);
    });
    if (kept)
      continue;
    StringRef name = entry.first;
    // --help, --help-list and --version live in the general category too.
    if (name == "help" || name == "help-list" || name == "version")
      continue;
    if (name.starts_with("mlir-"))
      option->Categories.assign({&mlirCategory});
    if (option->getOptionHiddenFlag() == cl::NotHidden)
      option->setHiddenFlag(cl::Hidden);
  }
}
