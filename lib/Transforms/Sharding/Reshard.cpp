//===- Reshard.cpp - Collectives that turn one sharding into another ------===//
//
// Plans a reshard axis by axis. Each mesh axis is, in the source and in
// the target layout, either unused, summed (unreduced), or splitting one
// dim at some position; comparing the two places gives the collective.
//
//===----------------------------------------------------------------------===//

#include "kiln/Transforms/Sharding/Reshard.h"
#include "kiln/Analysis/ElementStorage.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::kiln;

StringRef mlir::kiln::stringifyCollective(CollectiveKind kind) {
  switch (kind) {
  case CollectiveKind::LocalSlice:
    return "local slice";
  case CollectiveKind::AllGather:
    return "all-gather";
  case CollectiveKind::AllToAll:
    return "all-to-all";
  case CollectiveKind::CollectivePermute:
    return "collective-permute";
  case CollectiveKind::AllReduce:
    return "all-reduce";
  case CollectiveKind::ReduceScatter:
    return "reduce-scatter";
  }
  return "?";
}

int64_t ReshardPlan::getBytes() const {
  int64_t bytes = 0;
  for (const ReshardStep &step : steps)
    bytes += step.bytes;
  return bytes;
}

double ReshardPlan::getSeconds() const {
  double seconds = 0;
  for (const ReshardStep &step : steps)
    seconds += step.seconds;
  return seconds;
}

bool ReshardPlan::isFree() const {
  return llvm::all_of(steps, [](const ReshardStep &step) {
    return step.kind == CollectiveKind::LocalSlice;
  });
}

/// "12 B", "1.5 KiB" (the report formatting lives with the passes; this is
/// the short form the plan's own description needs).
static std::string shortBytes(int64_t bytes) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (bytes < 1024)
    os << bytes << " B";
  else if (bytes < 1024 * 1024)
    os << llvm::format("%.1f KiB", bytes / 1024.0);
  else
    os << llvm::format("%.1f MiB", bytes / (1024.0 * 1024.0));
  return text;
}

std::string ReshardPlan::describe() const {
  if (steps.empty())
    return "nothing";
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(steps, os, [&](const ReshardStep &step) {
    os << stringifyCollective(step.kind);
    if (step.dim >= 0)
      os << " dim " << step.dim;
    if (step.toDim >= 0)
      os << "->" << step.toDim;
    os << " over \"" << step.axis.getValue() << "\"";
    if (step.kind != CollectiveKind::LocalSlice)
      os << " (" << shortBytes(step.bytes) << ")";
  });
  return text;
}

int64_t mlir::kiln::localBytes(MeshAttr mesh, RankedTensorType type,
                               ShardingAttr sharding) {
  int64_t elements = 1;
  for (int64_t size : sharding.getLocalShape(mesh, type.getShape()))
    elements *= size;
  // Communication estimates count sub-byte elements packed, as the cost
  // model does.
  return getStorageBytes(type.getElementType(), elements,
                         SubBytePacking::packed);
}

namespace {
/// Where an axis sits in a layout.
struct Place {
  enum Kind { Unused, Summed, Split } kind = Unused;
  int64_t dim = -1;
  unsigned position = 0;
};
} // namespace

static Place placeOf(ShardingAttr sharding, StringAttr axis) {
  if (llvm::is_contained(sharding.getUnreduced(), axis))
    return {Place::Summed};
  for (auto [dim, dimSharding] : llvm::enumerate(sharding.getDims()))
    for (auto [position, used] : llvm::enumerate(dimSharding.getAxes()))
      if (used == axis)
        return {Place::Split, static_cast<int64_t>(dim),
                static_cast<unsigned>(position)};
  return {};
}

ReshardPlan mlir::kiln::planReshard(MeshOp meshOp, RankedTensorType type,
                                    ShardingAttr from, ShardingAttr to) {
  ReshardPlan plan;
  if (from == to)
    return plan;
  MeshAttr mesh = meshOp.getMesh();
  // The running size of one device's block as the steps are applied.
  double block = localBytes(mesh, type, from);
  auto addStep = [&](CollectiveKind kind, unsigned axisIndex, int64_t dim,
                     int64_t toDim, double bytes) {
    auto [alpha, beta] = meshOp.getAxisCost(axisIndex);
    int64_t size = mesh.getAxisSizes()[axisIndex];
    ReshardStep step{kind,  mesh.getAxisNames()[axisIndex], dim,
                     toDim, static_cast<int64_t>(bytes),    0};
    if (kind != CollectiveKind::LocalSlice)
      step.seconds = alpha * (size - 1) + bytes * beta;
    plan.steps.push_back(step);
  };

  // An axis keeps its place when it splits the same dim at the same
  // position in both layouts and every axis before it does too (moving a
  // major axis reorders the blocks under the minor ones).
  auto samePrefixPlace = [&](StringAttr axis) {
    Place a = placeOf(from, axis), b = placeOf(to, axis);
    if (a.kind != b.kind)
      return false;
    if (a.kind != Place::Split)
      return true;
    if (a.dim != b.dim || a.position != b.position)
      return false;
    ArrayRef<StringAttr> fromAxes = from.getDims()[a.dim].getAxes();
    ArrayRef<StringAttr> toAxes = to.getDims()[b.dim].getAxes();
    return fromAxes.take_front(a.position + 1) ==
           toAxes.take_front(b.position + 1);
  };

  SmallVector<unsigned> slices, moves, permutes, gathers;
  for (auto [index, axis] : llvm::enumerate(mesh.getAxisNames())) {
    if (samePrefixPlace(axis))
      continue;
    int64_t size = mesh.getAxisSizes()[index];
    Place a = placeOf(from, axis), b = placeOf(to, axis);
    if (a.kind == Place::Summed) {
      if (b.kind == Place::Split) {
        // Sum and scatter in one collective.
        addStep(CollectiveKind::ReduceScatter, index, b.dim, -1,
                block * (size - 1) / size);
        block /= size;
      } else {
        addStep(CollectiveKind::AllReduce, index, -1, -1,
                2 * block * (size - 1) / size);
      }
      continue;
    }
    if (a.kind == Place::Unused) {
      // A replicated block turns into a slice or a partial sum (the other
      // devices contribute zeros) without communication.
      slices.push_back(index);
      continue;
    }
    if (b.kind == Place::Split && b.dim != a.dim)
      moves.push_back(index);
    else if (b.kind == Place::Split)
      permutes.push_back(index);
    else
      gathers.push_back(index);
  }
  // A gathered axis and a sliced axis of the same size at the same place
  // of the same dim swap blocks: one collective-permute, not a gather.
  for (unsigned &gather : gathers) {
    Place a = placeOf(from, mesh.getAxisNames()[gather]);
    for (unsigned &slice : slices) {
      Place b = placeOf(to, mesh.getAxisNames()[slice]);
      if (slice == ~0u || b.kind != Place::Split || b.dim != a.dim ||
          b.position != a.position ||
          mesh.getAxisSizes()[slice] != mesh.getAxisSizes()[gather])
        continue;
      addStep(CollectiveKind::CollectivePermute, gather, a.dim, -1, block);
      gather = slice = ~0u;
      break;
    }
  }
  for (unsigned index : slices) {
    if (index == ~0u)
      continue;
    Place b = placeOf(to, mesh.getAxisNames()[index]);
    addStep(CollectiveKind::LocalSlice, index, b.dim, -1, 0);
    if (b.kind == Place::Split)
      block /= mesh.getAxisSizes()[index];
  }
  for (unsigned index : moves) {
    int64_t size = mesh.getAxisSizes()[index];
    StringAttr axis = mesh.getAxisNames()[index];
    addStep(CollectiveKind::AllToAll, index, placeOf(from, axis).dim,
            placeOf(to, axis).dim, block * (size - 1) / size);
  }
  // Axes reordered within a dim: one permute per dim moves every block.
  llvm::SmallDenseSet<int64_t> permutedDims;
  for (unsigned index : permutes) {
    int64_t dim = placeOf(from, mesh.getAxisNames()[index]).dim;
    if (permutedDims.insert(dim).second)
      addStep(CollectiveKind::CollectivePermute, index, dim, -1, block);
  }
  for (unsigned index : gathers) {
    if (index == ~0u)
      continue;
    int64_t size = mesh.getAxisSizes()[index];
    addStep(CollectiveKind::AllGather, index,
            placeOf(from, mesh.getAxisNames()[index]).dim, -1,
            block * (size - 1));
    block *= size;
  }
  return plan;
}

std::string mlir::kiln::formatLayout(ShardingAttr sharding) {
  std::string text;
  llvm::raw_string_ostream stream(text);
  stream << "[";
  llvm::interleaveComma(sharding.getDims(), stream, [&](DimShardingAttr d) {
    stream << "{";
    llvm::interleaveComma(d.getAxes(), stream,
                          [&](StringAttr axis) { stream << axis; });
    stream << "}";
  });
  stream << "]";
  if (!sharding.getUnreduced().empty()) {
    stream << " unreduced={";
    llvm::interleaveComma(sharding.getUnreduced(), stream,
                          [&](StringAttr axis) { stream << axis; });
    stream << "}";
  }
  return text;
}
