//===- OpLayout.h - The layout an op computes in ----------------*- C++ -*-===//
//
// Given the shardings of an op's operands and results, the layout its
// partitioned form computes in: every factor's axes (from the results
// first, as GSPMD computes an op in its output's layout; factors the
// results lack, like a contracting dim, from the operands), the operand
// layouts that implies, and the axes over which the results come out as
// partial sums. The explain report prices the difference between these
// and the actual operands; the partitioner turns it into collectives.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TRANSFORMS_SHARDING_OPLAYOUT_H
#define KILN_TRANSFORMS_SHARDING_OPLAYOUT_H

#include "kiln/Transforms/Sharding/ShardingRule.h"

#include "kiln/KilnOps.h"

namespace mlir::kiln {

struct OpLayout {
  /// The axes of each factor of the rule.
  SmallVector<SmallVector<StringAttr>> factorAxes;
  /// The layout each operand must have.
  SmallVector<ShardingAttr> operands;
  /// The layout each result comes out in before any reduction: the
  /// results' dims as given, unreduced over `partialAxes`.
  SmallVector<ShardingAttr> results;
  /// Mesh axes some Reduction factor is split over: every result is a
  /// partial sum over them.
  SmallVector<StringAttr> partialAxes;
};

/// The layout with the result factors' axes taken from the results; with
/// `reductionsFirst`, the contracting factors keep the operands' axes
/// instead and the results give those up (the partial sums then reach the
/// results' layout by a reduce-scatter rather than the operands by an
/// all-gather).
OpLayout computeOpLayout(const OpShardingRule &rule, MeshAttr mesh,
                         ArrayRef<ShardingAttr> operands,
                         ArrayRef<ShardingAttr> results,
                         bool reductionsFirst = false);

/// The cheaper of the two layouts above for `op`, priced by the reshards
/// of its operands into the layout and of its results out of it; the cost
/// in seconds goes to `seconds` when given.
OpLayout chooseOpLayout(Operation *op, const OpShardingRule &rule, MeshOp mesh,
                        ArrayRef<ShardingAttr> operands,
                        ArrayRef<ShardingAttr> results,
                        double *seconds = nullptr);

/// Fills `layout.operands` and `layout.results` from `layout.factorAxes`
/// and `layout.partialAxes`: each dim takes its factors' axes, major first.
void projectFactorAxes(const OpShardingRule &rule, MeshAttr mesh,
                       FlatSymbolRefAttr meshRef, OpLayout &layout);

/// `sharding` with every dim closed and no priorities: the layout alone.
ShardingAttr layoutOf(ShardingAttr sharding);

/// The layout on `mesh` that splits dim i over `dims[i]` (closed), partial
/// over `unreduced`.
ShardingAttr closedLayout(FlatSymbolRefAttr mesh,
                          ArrayRef<SmallVector<StringAttr>> dims,
                          ArrayRef<StringAttr> unreduced = {});

} // namespace mlir::kiln

#endif // KILN_TRANSFORMS_SHARDING_OPLAYOUT_H
