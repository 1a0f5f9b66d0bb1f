//===- Strategies.h - The rematerialization strategies -------*- C++ -*-===//
//
// Each strategy rewrites one function in place and says what it did. A
// target is a peak of the live-memory analysis in bytes, resident bytes
// included.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_TRANSFORMS_REMAT_STRATEGIES_H
#define KILN_LIB_TRANSFORMS_REMAT_STRATEGIES_H

#include "Recompute.h"

namespace mlir::kiln::remat {

/// XLA-style: while the peak exceeds `target`, recompute the tensor live
/// across the peak op that frees the most bytes per recomputed FLOP.
/// Stops at the target or when no tensor lowers the peak.
FailureOr<Outcome> rematerializeGreedy(func::FuncOp func, int64_t target,
                                       unsigned maxChain);

/// Whether this build has the integer-program solver (COIN-OR CBC).
bool haveMilpSolver();

/// Checkmate/Moccasin-style: an integer program over every interval in
/// which a tensor could be dropped and rebuilt at its next read, with the
/// peak at every step bounded by `target` and the recomputed FLOPs
/// minimized, solved by CBC within `seconds`. Fails, leaving the function
/// as it was, when CBC finds no solution in time or the budget is
/// infeasible for the program; `outcome.solver` says why.
FailureOr<Outcome> rematerializeMilp(func::FuncOp func, int64_t target,
                                     unsigned maxChain, double seconds,
                                     std::string &why);

/// The baselines: keep the forward tensors at segment boundaries and
/// rebuild each segment once, before the backward pass first reads it.
/// `layers`: a segment per layer (the ops of a module with an index in its
/// ONNX node name, like /blocks.3/ or /layer1.0/); else sqrt(n) segments of
/// as many ops (Chen et al. 2016).
FailureOr<Outcome> rematerializeCheckpoints(func::FuncOp func, bool layers);

} // namespace mlir::kiln::remat

#endif // KILN_LIB_TRANSFORMS_REMAT_STRATEGIES_H
