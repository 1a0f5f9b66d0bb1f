//===- Schedule.h - Reordering ops of a function body -----------*- C++ -*-===//

#ifndef KILN_TRANSFORMS_SCHEDULE_H
#define KILN_TRANSFORMS_SCHEDULE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <optional>

namespace mlir::kiln {

/// Moves each op of `func`'s body (one block) that computes only donated
/// results (donations[i]: the result argument i is donated to) to just
/// after the last op it must follow: the definitions of the values it reads
/// and every other reader of the old values it replaces (the donated
/// arguments and views of them). Small values it reads (at most 64
/// elements, such as Adam's bias corrections from the step count) are
/// first moved up as far as their own operands allow. An in-place write
/// then conflicts with no later read, and it happens as early as that
/// allows, so the gradient it consumes dies early instead of living until
/// the end of a training step. Writers that must precede each other in a
/// cycle (two donated arguments that swap) are left where the rounds put
/// them.
void scheduleDonatedWriters(func::FuncOp func,
                            ArrayRef<std::optional<int64_t>> donations);

} // namespace mlir::kiln

#endif // KILN_TRANSFORMS_SCHEDULE_H
