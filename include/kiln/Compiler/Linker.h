//===- Linker.h - Linking a model object with the Kiln runtime --*- C++ -*-===//

#ifndef KILN_COMPILER_LINKER_H
#define KILN_COMPILER_LINKER_H

#include "mlir/IR/Location.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace mlir::kiln {

enum class LinkKind {
  executable, ///< model + runtime + main(), dynamically linked to libc only
  shared,     ///< model + runtime as a shared library
  object,     ///< model + runtime as one relocatable object
};

/// The directory of the runtime archives for a tool run as `argv0`: `../lib`
/// beside it, where the build tree and an install put them.
std::string getRuntimeDirBesideTool(const char *argv0);

/// Links the model objects with the static Kiln runtime (the archives in
/// `runtimeDir`) into `outputPath`, through $KILN_CC or the C compiler
/// driver Kiln was built with. An executable gets its main() from
/// `mainLibrary`: libKilnRuntimeMain.a runs a model,
/// libKilnRuntimeTrainMain.a a training program. With `mpi`, the MPI
/// collectives (libKilnRuntimeMpi.a) and MPI itself are linked too. Writes
/// to a temporary name and renames on success, so a failed link leaves no
/// output; errors are emitted at `loc`.
LogicalResult linkModel(Location loc, ArrayRef<std::string> objectPaths,
                        StringRef outputPath, LinkKind kind,
                        StringRef runtimeDir,
                        StringRef mainLibrary = "libKilnRuntimeMain.a",
                        bool mpi = false);

} // namespace mlir::kiln

#endif // KILN_COMPILER_LINKER_H
