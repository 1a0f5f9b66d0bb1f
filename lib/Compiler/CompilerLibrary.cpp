//===- CompilerLibrary.cpp - Kiln's compiler as a C library ---------------===//
//
// The C API of kiln_compiler.h over runCompileCommand. A library call, not
// a kiln-compile process per call: the models are compiled in the caller's
// process, which keeps libMLIR and libLLVM loaded between calls.
//
//===----------------------------------------------------------------------===//

#include "kiln/Compiler/kiln_compiler.h"

#include "kiln/Compiler/CompileCommand.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <mutex>
#include <string>
#include <vector>

using namespace mlir::kiln;

namespace {

/// Collects what the compile reports, and echoes it to stderr when asked.
class CollectingStream final : public llvm::raw_ostream {
public:
  CollectingStream(std::string &text, bool echo) : text(text), echo(echo) {
    SetUnbuffered();
  }

private:
  void write_impl(const char *data, size_t size) override {
    text.append(data, size);
    if (echo) {
      llvm::errs().write(data, size);
      llvm::errs().flush();
    }
  }
  uint64_t current_pos() const override { return text.size(); }

  std::string &text;
  bool echo;
};

char *copyString(const std::string &text) {
  char *copy = static_cast<char *>(std::malloc(text.size() + 1));
  if (copy)
    std::memcpy(copy, text.c_str(), text.size() + 1);
  return copy;
}

/// The directory this library was loaded from: the runtime archives it
/// links models with are beside it (build/lib, or an install's lib/).
std::string getLibraryDir() {
  Dl_info info;
  if (!dladdr(reinterpret_cast<void *>(&kiln_compiler_compile), &info) ||
      !info.dli_fname)
    return "";
  return llvm::sys::path::parent_path(info.dli_fname).str();
}

} // namespace

extern "C" int kiln_compiler_compile(int64_t numArgs, const char *const *args,
                                     int echo, char **diagnostics) {
  static std::mutex serialize;
  std::lock_guard<std::mutex> lock(serialize);
  std::string text;
  int status;
  {
    CollectingStream errors(text, echo != 0);
    std::vector<const char *> argv = {"kiln-compile"};
    bool asksForHelp = false;
    for (int64_t i = 0; i < numArgs; ++i) {
      llvm::StringRef arg = args[i] ? args[i] : "";
      asksForHelp |= arg.starts_with("--help") || arg.starts_with("-help") ||
                     arg == "--version" || arg == "-version";
      argv.push_back(args[i] ? args[i] : "");
    }
    if (asksForHelp) {
      errors << "error: --help and --version print and exit; run the "
                "kiln-compile tool for them\n";
      status = 2;
    } else {
      CompileCommandEnvironment env;
      env.runtimeDir = getLibraryDir();
      env.errors = &errors;
      status = runCompileCommand(argv, env);
    }
  }
  if (diagnostics)
    *diagnostics = copyString(text);
  return status;
}

extern "C" void kiln_compiler_free(char *text) { std::free(text); }
