//===- RematBudget.h - Memory budgets as users write them ----*- C++ -*-===//
//
// `--kiln-remat=budget=...` and `kiln-compile --remat-budget=...` take the
// same text: bytes (1048576, 64MiB) or a percentage of the unconstrained
// scratch peak (70%).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TRANSFORMS_REMATBUDGET_H
#define KILN_TRANSFORMS_REMATBUDGET_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>

namespace mlir::kiln {

struct RematBudget {
  int64_t bytes = 0;
  /// >= 0 for a percentage of the unconstrained peak.
  double percent = -1;

  /// The budget in bytes for a program whose unconstrained peak is `peak`.
  int64_t resolve(int64_t peak) const {
    return percent >= 0 ? static_cast<int64_t>(peak * percent / 100.0) : bytes;
  }
};

/// Parses "N", "NB", "NKiB", "NMiB", "NGiB" or "P%"; nullopt if malformed.
std::optional<RematBudget> parseRematBudget(llvm::StringRef text);

} // namespace mlir::kiln

#endif // KILN_TRANSFORMS_REMATBUDGET_H
