//===- Linker.cpp - Linking a model object with the Kiln runtime ----------===//

#include "kiln/Compiler/Linker.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace mlir;
using namespace mlir::kiln;

std::string mlir::kiln::getRuntimeDirBesideTool(const char *argv0) {
  static int anchor;
  std::string tool = llvm::sys::fs::getMainExecutable(argv0, &anchor);
  llvm::SmallString<256> dir(llvm::sys::path::parent_path(tool));
  llvm::sys::path::append(dir, "..", "lib");
  return std::string(dir);
}

LogicalResult mlir::kiln::linkModel(Location loc,
                                    ArrayRef<std::string> objectPaths,
                                    StringRef outputPath, LinkKind kind,
                                    StringRef runtimeDir, StringRef mainLibrary,
                                    bool mpi) {
  auto library = [&](StringRef name) {
    llvm::SmallString<256> path(runtimeDir);
    llvm::sys::path::append(path, name);
    return std::string(path);
  };
  std::string runtime = library("libKilnRuntime.a");
  if (!llvm::sys::fs::exists(runtime)) {
    return emitError(loc) << "the Kiln runtime is missing: " << runtime;
  }
  std::vector<std::string> mpiLibraries;
  if (mpi) {
#ifdef KILN_MPI_LIBRARIES
    std::string mpiRuntime = library("libKilnRuntimeMpi.a");
    if (!llvm::sys::fs::exists(mpiRuntime)) {
      return emitError(loc)
             << "the Kiln MPI runtime is missing: " << mpiRuntime;
    }
    mpiLibraries.push_back(mpiRuntime);
    llvm::SmallVector<StringRef> paths;
    StringRef(KILN_MPI_LIBRARIES).split(paths, ';', -1, false);
    for (StringRef path : paths)
      mpiLibraries.push_back(path.str());
#else
    return emitError(loc)
           << "this model is partitioned over a mesh, but Kiln was built "
              "without MPI (install libopenmpi-dev and reconfigure)";
#endif
  }
  if (mpi && kind == LinkKind::object)
    return emitError(loc) << "a model partitioned over a mesh compiles to an "
                             "executable or a shared library (run it with "
                             "mpirun), not an object";
  const char *cc = std::getenv("KILN_CC");
  std::string driver = cc && *cc ? cc : KILN_DEFAULT_CC;
  auto driverPath = llvm::sys::findProgramByName(driver);
  if (!driverPath) {
    return emitError(loc) << "cannot find the C compiler driver '" << driver
                          << "' to link with (set KILN_CC)";
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
    // A partitioned model's library carries the MPI collectives and needs
    // libmpi: processes started by mpirun load it (docs/python.md).
    args.insert(args.end(), mpiLibraries.begin(), mpiLibraries.end());
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
    return emitError(loc) << "linking " << outputPath << " failed"
                          << (message.empty() ? "" : ": " + message);
  }
  if (std::error_code ec = llvm::sys::fs::rename(temporary, outputPath)) {
    llvm::sys::fs::remove(temporary);
    return emitError(loc) << "cannot write " << outputPath << ": "
                          << ec.message();
  }
  return success();
}
