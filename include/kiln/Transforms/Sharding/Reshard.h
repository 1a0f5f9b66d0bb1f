//===- Reshard.h - Collectives that turn one sharding into another -*- C++
//-*-===//
//
// The communication needed to go from one layout of a tensor to another,
// step by step, with its alpha-beta cost per device. Propagation uses it to
// settle conflicts, the explain report to price every reshard, and the
// partitioner to emit the collectives.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TRANSFORMS_SHARDING_RESHARD_H
#define KILN_TRANSFORMS_SHARDING_RESHARD_H

#include "kiln/KilnOps.h"

#include "llvm/ADT/SmallVector.h"

#include <string>

namespace mlir::kiln {

enum class CollectiveKind {
  /// Keep the local block of a finer sharding: no communication.
  LocalSlice,
  AllGather,
  AllToAll,
  CollectivePermute,
  AllReduce,
  ReduceScatter,
};

/// "all-gather", "all-to-all", ...
llvm::StringRef stringifyCollective(CollectiveKind kind);

/// One collective (or free local step) over one mesh axis.
struct ReshardStep {
  CollectiveKind kind;
  StringAttr axis;
  /// The tensor dim it gathers, slices, scatters or moves from (-1: none).
  int64_t dim = -1;
  /// For an all-to-all, the dim the axis moves to.
  int64_t toDim = -1;
  /// Bytes each device sends.
  int64_t bytes = 0;
  /// Alpha-beta time of the step on its axis, in seconds.
  double seconds = 0;
};

struct ReshardPlan {
  llvm::SmallVector<ReshardStep> steps;

  int64_t getBytes() const;
  double getSeconds() const;
  /// True when no step communicates (only local slices, or nothing).
  bool isFree() const;
  /// "all-gather dim 0 over "data" (12 KiB), ..." or "local slice".
  std::string describe() const;
};

/// The steps that turn `type` laid out as `from` into `to` on `mesh`:
/// pending sums first (all-reduce, or reduce-scatter where `to` splits a
/// dim over the summed axis), then slices, moves between dims and gathers.
ReshardPlan planReshard(MeshOp mesh, RankedTensorType type, ShardingAttr from,
                        ShardingAttr to);

/// `[{"data"}, {}] unreduced={"model"}`: a layout as the reports print it.
std::string formatLayout(ShardingAttr layout);

/// Bytes of one device's block of `type` laid out as `sharding`.
int64_t localBytes(MeshAttr mesh, RankedTensorType type, ShardingAttr sharding);

} // namespace mlir::kiln

#endif // KILN_TRANSFORMS_SHARDING_RESHARD_H
