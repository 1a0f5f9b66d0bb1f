//===- ToolHelp.h - What --help of Kiln's tools shows -----------*- C++ -*-===//
//
// libLLVM and libMLIR register a few hundred command-line options in every
// process that links them (backend flags, IR2Vec, debug counters); a tool's
// --help would bury Kiln's dozen among them. The tools call
// organizeToolHelp after registering their options and before parsing.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_TOOLHELP_H
#define KILN_COMPILER_TOOLHELP_H

#include "mlir/Support/LLVM.h"
#include "llvm/Support/CommandLine.h"

namespace mlir::kiln {

/// Makes --help list the options of the categories `ours` first, then
/// --help and --version ("Standard options"): every other option is
/// hidden, so that --help-hidden still lists it; MLIR's `--mlir-*` options
/// are grouped under one category of their own there.
void organizeToolHelp(ArrayRef<llvm::cl::OptionCategory *> ours);

} // namespace mlir::kiln

#endif // KILN_COMPILER_TOOLHELP_H
