//===- Recompute.h - Planning and cloning recomputations -----*- C++ -*-===//
//
// The pieces every rematerialization strategy of --kiln-remat shares: which
// ops may be recomputed, how to rebuild a tensor at a step from values
// still live there, and how to clone such a rebuild into the function.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_TRANSFORMS_REMAT_RECOMPUTE_H
#define KILN_LIB_TRANSFORMS_REMAT_RECOMPUTE_H

#include "kiln/Analysis/LiveMemory.h"

#include <string>

namespace mlir::kiln::remat {

/// Kiln ops free of side effects, without regions, not constants (kept
/// resident anyway) and not marked `kiln.no_remat`.
bool isRecomputable(Operation *op);

/// How to rebuild tensors just before a step: the ops to clone, in order
/// (operands first), and their FLOPs.
struct Recompute {
  SmallVector<Operation *> ops;
  int64_t flops = 0;
};

/// What a strategy did to a function.
struct Outcome {
  int64_t extraFlops = 0;
  int64_t recomputedOps = 0;
  /// The solver that made the choice, for the report ("greedy",
  /// "milp (optimal)", "milp (gap 3.1%) + greedy", ...).
  std::string solver;
  /// The peak of the live-memory analysis once the strategy has run.
  int64_t peakBytes = 0;
};

/// For each argument, the last step that may read its value: the step of
/// the update its buffer receives when it is donated, else the end.
SmallVector<int64_t> argumentValidUntil(func::FuncOp func,
                                        const MemoryProfile &profile);

/// Plans recomputing `value` before step `at` from values live there into
/// `plan`: constants, arguments not yet overwritten by their donated update,
/// tensors whose buffer is read at or after `at` anyway; other operands are
/// recomputed too, up to `maxOps` ops in all. False when it cannot. With
/// `onlyOperandsOfStep`, the only tensors taken as live are the operands of
/// the op at `at` (a plan that stays valid whatever else is dropped).
bool planRecompute(Value value, int64_t at, const MemoryProfile &profile,
                   ArrayRef<int64_t> argumentValidUntil, unsigned maxOps,
                   Recompute &plan, bool onlyOperandsOfStep = false);

/// The most bytes the plan's intermediates hold at once: while each op
/// runs, its recomputed operands and (but for the last op, whose result
/// replaces a tensor live there anyway) its results.
int64_t chainBytes(const Recompute &plan);

/// The top-level steps that read `value` or a kiln.reshape view of it,
/// sorted, without repeats; a read by the terminator is the step after the
/// last.
SmallVector<int64_t> readSteps(Value value, const MemoryProfile &profile);

/// Clones `ops` (in order) before `before` and ahead of the clones already
/// placed there (ops the profile does not know), reading their other
/// operands through one kiln.optimization_barrier (so that CSE cannot fold
/// the clones back into the originals), marks the clones `kiln.remat`, and
/// gives every use of each of `values` at or after that step the clone
/// (clones placed since the profile count as later). Plans applied in one
/// function without re-analysis therefore go latest step first, and at one
/// step, a tensor before those it is computed from. Returns the clones'
/// FLOPs.
int64_t cloneBefore(ArrayRef<Operation *> ops, ArrayRef<Value> values,
                    Operation *before, const MemoryProfile &profile);

/// The FLOPs of the function's body.
int64_t totalFlops(func::FuncOp func);

} // namespace mlir::kiln::remat

#endif // KILN_LIB_TRANSFORMS_REMAT_RECOMPUTE_H
