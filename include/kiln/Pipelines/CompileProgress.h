//===- CompileProgress.h - Progress lines of a long compile -----*- C++ -*-===//
//
// A large model's compile (import, a remat or sharding solve, LLVM's code
// generation, writing the weights) takes long enough that a silent tool
// looks hung. The compile pipeline reports each phase here as it starts and
// ends; the tools enable it when stderr is a terminal or --progress is
// given. It writes to the diagnostics stream, never to stdout.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PIPELINES_COMPILEPROGRESS_H
#define KILN_PIPELINES_COMPILEPROGRESS_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <string>

namespace mlir::kiln {

class CompileProgress {
public:
  /// Reports to `os` when `enabled`.
  CompileProgress(llvm::raw_ostream &os, bool enabled)
      : os(os), enabled(enabled) {}

  /// One piece of work, reported as `kiln: LABEL: DETAIL ...` when made
  /// and `kiln: LABEL: done in 1.23 s` when destroyed.
  class Phase {
  public:
    Phase(CompileProgress *progress, std::string label, const Twine &detail);
    Phase(Phase &&other);
    Phase(const Phase &) = delete;
    ~Phase();

  private:
    CompileProgress *progress;
    std::string label;
    std::chrono::steady_clock::time_point start;
  };

  /// Starts reporting a piece of work.
  Phase phase(const Twine &label, const Twine &detail) {
    return Phase(this, label.str(), detail);
  }
  /// One line within the current piece of work (a solver's result, a file
  /// written).
  void note(const Twine &text);

private:
  llvm::raw_ostream &os;
  bool enabled;
};

} // namespace mlir::kiln

#endif // KILN_PIPELINES_COMPILEPROGRESS_H
