//===- CompileCommand.h - kiln-compile's command line as a call -*- C++ -*-===//
//
// kiln-compile is this function behind main(); the compiler library
// (libKilnCompiler.so, include/kiln/Compiler/kiln_compiler.h) calls it too,
// so that Python and C callers compile in-process with exactly the
// options, defaults and diagnostics of the tool.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_COMPILECOMMAND_H
#define KILN_COMPILER_COMPILECOMMAND_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace mlir::kiln {

/// What a caller says besides the arguments.
struct CompileCommandEnvironment {
  /// Where the runtime archives are (libKilnRuntime.a, ...); empty: `../lib`
  /// beside the running executable.
  std::string runtimeDir;
  /// Receives every diagnostic and error line.
  llvm::raw_ostream *errors = &llvm::errs();
  /// Whether stderr is a terminal: the default of --progress.
  bool interactive = false;
};

/// Parses `args` (args[0] is the program's name) as kiln-compile's command
/// line and compiles. Returns the exit status: 0, or 1 after reporting the
/// error to `env.errors`. The options are LLVM command-line options, which
/// are global to the process: they are reset before each parse, and calls
/// must not overlap (the C API serializes them).
int runCompileCommand(ArrayRef<const char *> args,
                      const CompileCommandEnvironment &env);

} // namespace mlir::kiln

#endif // KILN_COMPILER_COMPILECOMMAND_H
