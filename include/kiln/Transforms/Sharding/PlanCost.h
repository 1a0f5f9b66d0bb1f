//===- PlanCost.h - What a sharded program costs per device -----*- C++ -*-===//
//
// The cost model shared by kiln-shard-explain and kiln-shard-auto: an op's
// compute time is its work (its factor iteration space, twice that for
// contractions, which multiply and add) split over the mesh axes its
// factors are sharded over, at a device's FLOP rate; communication is the
// alpha-beta time of the reshards (Reshard.h) and halo exchanges. Both
// passes price a plan with `explainPlan`, so the plan auto-sharding picks
// and one a user annotated are compared on the same terms.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TRANSFORMS_SHARDING_PLANCOST_H
#define KILN_TRANSFORMS_SHARDING_PLANCOST_H

#include "kiln/Transforms/Sharding/ShardingRule.h"

#include "kiln/KilnOps.h"

#include "mlir/Interfaces/FunctionInterfaces.h"

namespace mlir::kiln {

class ShardingPropagation;

/// The estimated per-device time of one partitioned function.
struct PlanCost {
  double computeSeconds = 0;
  double commSeconds = 0;
  int64_t commBytes = 0;
  int64_t collectives = 0;
  /// Every tensor value's per-device bytes added up (an upper bound of the
  /// memory the partitioned function needs; liveness is not modelled).
  int64_t valueBytes = 0;

  double getSeconds() const { return computeSeconds + commSeconds; }
};

/// The FLOPs of `op` on one device without sharding.
double getOpFlops(Operation *op, const OpShardingRule &rule);

/// The seconds `op` computes for when each factor `f` is split over
/// `factorAxes[f]`, at `flopsPerSecond`.
double getComputeSeconds(Operation *op, const OpShardingRule &rule,
                         MeshAttr mesh,
                         ArrayRef<SmallVector<StringAttr>> factorAxes,
                         double flopsPerSecond);

/// Prices the plan `propagation` holds for `function` and, when `os` is
/// given, writes the kiln-shard-explain report of it there.
PlanCost explainPlan(FunctionOpInterface function,
                     const ShardingPropagation &propagation,
                     double flopsPerSecond, llvm::raw_ostream *os);

} // namespace mlir::kiln

#endif // KILN_TRANSFORMS_SHARDING_PLANCOST_H
