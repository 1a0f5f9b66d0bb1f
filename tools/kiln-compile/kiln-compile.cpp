//===- kiln-compile.cpp - Compile a Kiln model to native code -------------===//
//
//   kiln-compile model.mlir|model.onnx -o OUT
//   [--emit=exe|shared|object|mlir|llvm] [--target=cpu]
//   [--compile-to=PHASE] [--compile-from=PHASE] [--progress]
//
// The command line is runCompileCommand's (lib/Compiler/CompileCommand.cpp),
// which the compiler library shares.
//
//===----------------------------------------------------------------------===//

#include "kiln/Compiler/CompileCommand.h"

#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Process.h"

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::kiln::CompileCommandEnvironment env;
  env.interactive = llvm::sys::Process::StandardErrIsDisplayed();
  return mlir::kiln::runCompileCommand(
      llvm::ArrayRef<const char *>(argv, argv + argc), env);
}
