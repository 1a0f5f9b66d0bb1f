//===- AtomicOutputFile.h - Files that appear whole or not at all -*- C++
//-*-===//
//
// Every file Kiln writes (artifacts, --emit and --compile-to IR, headers,
// reports, plots, weights) goes through this class or the runtime's
// temporary-and-rename writers (npy.c): the data goes to a temporary file
// in the destination's directory, is synced, and is renamed over the
// destination only when complete. A kill at any moment leaves the old file
// or the new one, never a torn one (docs/reliability.md).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_SUPPORT_ATOMICOUTPUTFILE_H
#define KILN_SUPPORT_ATOMICOUTPUTFILE_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <optional>
#include <string>
#include <unistd.h>

namespace mlir::kiln {

class AtomicOutputFile {
public:
  /// Opens a temporary file beside `path` ("-": stdout, written directly).
  /// Returns null with `error` set when it cannot be created.
  static std::unique_ptr<AtomicOutputFile> open(StringRef path,
                                                std::string *error) {
    auto file = std::unique_ptr<AtomicOutputFile>(new AtomicOutputFile);
    file->path = path.str();
    if (path == "-")
      return file;
    llvm::Expected<llvm::sys::fs::TempFile> temporary =
        llvm::sys::fs::TempFile::create(path + ".tmp-%%%%%%");
    if (!temporary) {
      if (error)
        *error = "cannot write " + path.str() + ": " +
                 llvm::toString(temporary.takeError());
      return nullptr;
    }
    file->temporary.emplace(std::move(*temporary));
    file->stream = std::make_unique<llvm::raw_fd_ostream>(
        file->temporary->FD, /*shouldClose=*/false);
    return file;
  }

  ~AtomicOutputFile() {
    stream.reset();
    if (temporary)
      llvm::consumeError(temporary->discard());
  }

  llvm::raw_ostream &os() { return stream ? *stream : llvm::outs(); }

  /// Flushes, syncs and renames the data over the destination. Fails with
  /// `error` set (and the destination untouched) when any of it fails.
  LogicalResult keep(std::string *error = nullptr) {
    if (!temporary)
      return success(!llvm::outs().has_error());
    stream->flush();
    bool written = !stream->has_error() && ::fsync(temporary->FD) == 0;
    stream.reset();
    auto fail = [&](const Twine &why) {
      if (error)
        *error = ("cannot write " + path + ": " + why).str();
      return failure();
    };
    if (!written) {
      llvm::consumeError(temporary->discard());
      temporary.reset();
      return fail("the data could not be written");
    }
    llvm::Error kept = temporary->keep(path);
    temporary.reset();
    if (kept)
      return fail(llvm::toString(std::move(kept)));
    return success();
  }

private:
  AtomicOutputFile() = default;

  std::string path;
  std::optional<llvm::sys::fs::TempFile> temporary;
  std::unique_ptr<llvm::raw_fd_ostream> stream;
};

} // namespace mlir::kiln

#endif // KILN_SUPPORT_ATOMICOUTPUTFILE_H
