//===- ReshardEmitter.h - Collectives as upstream shard ops -----*- C++ -*-===//
//
// The partitioner's half of resharding: where Reshard.h prices the move of
// a tensor from one layout to another, this emits it, as the collectives of
// upstream MLIR's `shard` dialect (all_reduce, reduce_scatter, all_to_all,
// all_gather, all_slice) on the grid that mirrors the Kiln mesh, so that
// upstream lowerings such as convert-shard-to-mpi consume the result, and
// kiln.collective_permute where blocks only change devices.
//
// Uneven dims: a dim of n split over axes of product k has blocks of
// ceil(n / k) on every device, the blocks of the global tensor padded at
// its end. Slicing a whole dim pads it first; gathering one back to whole
// cuts the padding off. Moving an uneven dim between two partial splits
// whose padded sizes differ is refused with a diagnostic.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TRANSFORMS_SHARDING_RESHARDEMITTER_H
#define KILN_TRANSFORMS_SHARDING_RESHARDEMITTER_H

#include "kiln/KilnOps.h"

#include "mlir/Dialect/Shard/IR/ShardOps.h"
#include "mlir/IR/Builders.h"

namespace mlir::kiln {

/// What one emitted reshard did, for the partitioner's warnings.
struct EmittedReshard {
  Value value;
  /// Dims that were split before and are whole now (a full gather).
  SmallVector<int64_t> gatheredDims;
  /// Bytes each device received for those gathers.
  int64_t gatheredBytes = 0;
};

class ReshardEmitter {
public:
  ReshardEmitter(MeshOp mesh, FlatSymbolRefAttr grid)
      : mesh(mesh), grid(grid) {}

  /// Turns `local`, one device's block of a `type` tensor laid out as
  /// `from`, into its block laid out as `to`; pending sums are combined
  /// with `reduction`. Fails with a diagnostic at `loc`.
  FailureOr<EmittedReshard>
  emit(OpBuilder &builder, Location loc, Value local, RankedTensorType type,
       ShardingAttr from, ShardingAttr to,
       shard::ReductionKind reduction = shard::ReductionKind::Sum) const;

  /// When `from` and `to` cut every dim into the same number of equal
  /// blocks and differ only in which device holds which, the device each
  /// device receives its block from (row-major ranks); std::nullopt
  /// otherwise, or when no block moves.
  std::optional<SmallVector<int64_t>>
  permutation(RankedTensorType type, ShardingAttr from, ShardingAttr to) const;

  /// One device's block type of `type` laid out as `layout`.
  RankedTensorType localType(RankedTensorType type, ShardingAttr layout) const;

  /// The index of `axis` in the grid.
  int16_t gridAxis(StringAttr axis) const;
  /// The product of the sizes of `axes`.
  int64_t product(ArrayRef<StringAttr> axes) const;

  MeshOp getMesh() const { return mesh; }
  FlatSymbolRefAttr getGrid() const { return grid; }

private:
  // Op accessors are not const; the emitter only reads the mesh.
  mutable MeshOp mesh;
  FlatSymbolRefAttr grid;
};

} // namespace mlir::kiln

#endif // KILN_TRANSFORMS_SHARDING_RESHARDEMITTER_H
