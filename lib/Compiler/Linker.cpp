//===- Linker.cpp - Linking a model object with the Kiln runtime ----------===//

#include "kiln/Compiler/Linker.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace mlir;
using namespace mlir::kiln;

/// The directory holding libKilnRuntime.a: ../lib next to the tool.
static std::string runtimeLibraryDir(const char *argv0) {
  static int anchor;
  std::string tool = llvm::sys::fs::getMainExecutable(argv0, &anchor);
  llvm::SmallString<256> dir(llvm::sys::path::parent_path(tool));
  llvm::sys::path::append(dir, "..", "lib");
  return std::string(dir);
}

LogicalResult mlir::kiln::linkModel(ArrayRef<std::string> objectPaths,
                                    StringRef outputPath, LinkKind kind,
                                    const char *argv0, StringRef mainLibrary,
                                    bool mpi) {
  std::string libDir = runtimeLibraryDir(argv0);
  auto library = [&](StringRef name) {
    llvm::SmallString<256> path(libDir);
    llvm::sys::path::append(path, name);
    return std::string(path);
  };
  std::string runtime = library("libKilnRuntime.a");
  if (!llvm::sys::fs::exists(runtime)) {
    llvm::errs() << "error: the Kiln runtime is missing: " << runtime << "\n";
    return failure();
  }
  std::vector<std::string> mpiLibraries;
  if (mpi) {
#ifdef KILN_MPI_LIBRARIES
    std::string mpiRuntime = library("libKilnRuntimeMpi.a");
    if (!llvm::sys::fs::exists(mpiRuntime)) {
      llvm::errs() << "error: the Kiln MPI runtime is missing: " << mpiRuntime
                   << "\n";
      return failure();
    }
    mpiLibraries.push_back(mpiRuntime);
    llvm::SmallVector<StringRef> paths;
    StringRef(KILN_MPI_LIBRARIES).split(paths, ';', -1, false);
    for (StringRef path : paths)
      mpiLibraries.push_back(path.str());
#else
    llvm::errs() << "error: this model is partitioned over a mesh, but Kiln "
                    "was built without MPI (install libopenmpi-dev and "
                    "reconfigure)\n";
    return failure();
#endif
  }
  if (mpi && kind != LinkKind::executable) {
    llvm::errs() << "error: a model partitioned over a mesh compiles to an "
                    "executable only (run it with mpirun)\n";
    return failure();
  }
  const char *cc = std::getenv("KILN_CC");
  std::string driver = cc && *cc ? cc : KILN_DEFAULT_CC;
  auto driverPath = llvm::sys::findProgramByName(driver);
  if (!driverPath) {
    llvm::errs() << "error: cannot find the C compiler driver '" << driver
                 << "' to link with (set KILN_CC)\n";
    return failure();
  }

  std::string temporary =
      (outputPath + ".tmp" + llvm::Twine(llvm::sys::Process::getProcessId()))
          .str();
  std::vector<std::string> args = {*driverPath};
  auto addObjects = [&] {
    args.insert(args.end(), objectPaths.begin(), objectPaths.end());
  };
  switch (kind) {
  case LinkKind::executable:
    args.insert(args.end(), {"-o", temporary});
    addObjects();
    args.push_back(library(mainLibrary));
    args.insert(args.end(), mpiLibraries.begin(), mpiLibraries.end());
    args.insert(args.end(), {runtime, "-lm", "-lpthread"});
    break;
  case LinkKind::shared:
    args.insert(args.end(), {"-shared", "-o", temporary});
    addObjects();
    args.insert(args.end(), {"-Wl,--whole-archive", runtime,
                             "-Wl,--no-whole-archive", "-lm", "-lpthread"});
    break;
  case LinkKind::object: // A relocatable link: no libraries, no start files.
    args.insert(args.end(), {"-r", "-nostdlib", "-o", temporary});
    addObjects();
    args.insert(args.end(),
                {"-Wl,--whole-archive", runtime, "-Wl,--no-whole-archive"});
    break;
  }
  SmallVector<StringRef> argRefs(args.begin(), args.end());
  std::string message;
  int status = llvm::sys::ExecuteAndWait(*driverPath, argRefs, std::nullopt, {},
                                         0, 0, &message);
  if (status != 0) {
    llvm::sys::fs::remove(temporary);
    llvm::errs() << "error: linking " << outputPath << " failed"
                 << (message.empty() ? "" : ": " + message) << "\n";
    return failure();
  }
  if (std::error_code ec = llvm::sys::fs::rename(temporary, outputPath)) {
    llvm::sys::fs::remove(temporary);
    llvm::errs() << "error: cannot write " << outputPath << ": " << ec.message()
                 << "\n";
    return failure();
  }
  return success();
}
