//===- CompilePhase.cpp - Names of kiln-compile's phases ------------------===//

#include "kiln/Pipelines/CompilePipeline.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::kiln;

StringRef mlir::kiln::stringifyCompilePhase(CompilePhase phase) {
  switch (phase) {
  case CompilePhase::input:
    return "input";
  case CompilePhase::import:
    return "import";
  case CompilePhase::graph:
    return "graph";
  case CompilePhase::training:
    return "training";
  case CompilePhase::partition:
    return "partition";
  case CompilePhase::codegen:
    return "codegen";
  case CompilePhase::artifact:
    return "artifact";
  }
  return "unknown";
}

std::optional<CompilePhase> mlir::kiln::symbolizeCompilePhase(StringRef name) {
  return llvm::StringSwitch<std::optional<CompilePhase>>(name)
      .Case("input", CompilePhase::input)
      .Case("import", CompilePhase::import)
      .Case("graph", CompilePhase::graph)
      .Case("training", CompilePhase::training)
      .Case("partition", CompilePhase::partition)
      .Case("codegen", CompilePhase::codegen)
      .Case("artifact", CompilePhase::artifact)
      .Default(std::nullopt);
}
