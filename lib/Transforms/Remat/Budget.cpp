//===- Budget.cpp - Memory budgets as users write them --------------------===//

#include "kiln/Transforms/RematBudget.h"

using namespace mlir::kiln;

std::optional<RematBudget> mlir::kiln::parseRematBudget(llvm::StringRef text) {
  text = text.trim();
  RematBudget budget;
  if (text.consume_back("%")) {
    double percent;
    if (text.trim().getAsDouble(percent) || percent < 0)
      return std::nullopt;
    budget.percent = percent;
    return budget;
  }
  int64_t scale = 1;
  if (text.consume_back("KiB"))
    scale = 1 << 10;
  else if (text.consume_back("MiB"))
    scale = 1 << 20;
  else if (text.consume_back("GiB"))
    scale = 1 << 30;
  else
    text.consume_back("B");
  uint64_t value;
  if (text.trim().getAsInteger(10, value) ||
      value > static_cast<uint64_t>(INT64_MAX / scale))
    return std::nullopt;
  budget.bytes = static_cast<int64_t>(value) * scale;
  return budget;
}
