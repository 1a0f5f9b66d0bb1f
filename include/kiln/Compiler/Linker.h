//===- Linker.h - Linking a model object with the Kiln runtime --*- C++ -*-===//

#ifndef KILN_COMPILER_LINKER_H
#define KILN_COMPILER_LINKER_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace mlir::kiln {

enum class LinkKind {
  executable, ///< model + runtime + main(), dynamically linked to libc only
  shared,     ///< model + runtime as a shared library
  object,     ///< model + runtime as one relocatable object
};

/// Links the model object at `objectPath` with the static Kiln runtime into
/// `outputPath`. The runtime archives are looked up in `../lib` next to the
/// running tool (`argv0`), the C compiler driver is $KILN_CC or the one Kiln
/// was built with. Writes to a temporary name and renames on success, so a
/// failed link leaves no output. Prints an error and fails otherwise.
/// Links the model objects with the runtime. An executable gets its main()
/// from `mainLibrary` in the runtime directory: libKilnRuntimeMain.a runs
/// a model, libKilnRuntimeTrainMain.a a training program. With `mpi`, the
/// MPI collectives (libKilnRuntimeMpi.a) and MPI itself are linked too.
LogicalResult linkModel(ArrayRef<std::string> objectPaths, StringRef outputPath,
                        LinkKind kind, const char *argv0,
                        StringRef mainLibrary = "libKilnRuntimeMain.a",
                        bool mpi = false);

} // namespace mlir::kiln

#endif // KILN_COMPILER_LINKER_H
