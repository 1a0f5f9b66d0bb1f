//===- CompileProgress.cpp - Progress lines of a long compile -------------===//

#include "kiln/Pipelines/CompileProgress.h"

#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::kiln;

CompileProgress::Phase::Phase(CompileProgress *progress, std::string label,
                              const Twine &detail)
    : progress(progress), label(std::move(label)),
      start(std::chrono::steady_clock::now()) {
  progress->note(this->label + ": " + detail + " ...");
}

CompileProgress::Phase::Phase(Phase &&other)
    : progress(other.progress), label(std::move(other.label)),
      start(other.start) {
  other.progress = nullptr;
}

CompileProgress::Phase::~Phase() {
  if (!progress)
    return;
  std::chrono::duration<double> seconds =
      std::chrono::steady_clock::now() - start;
  progress->note(
      llvm::formatv("{0}: done in {1:f2} s", label, seconds.count()));
}

void CompileProgress::note(const Twine &text) {
  if (!enabled)
    return;
  os << "kiln: " << text << "\n";
  os.flush();
}
