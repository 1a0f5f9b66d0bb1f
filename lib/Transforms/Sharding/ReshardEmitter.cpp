//===- ReshardEmitter.cpp - Collectives as upstream shard ops -------------===//
//
// Emits a reshard in four stages (see ReshardEmitter.h): pending sums
// (reduce-scatter where the target splits a dim over the summed axis next,
// one all-reduce over the rest), moves of an axis from one dim to another
// (all-to-all), gathers down to the longest common prefix of each dim's
// axes (minor axes first), and local slices up to the target. Before all
// that, a reshard that only moves whole blocks between devices (axes
// swapped or reordered within a dim) is one kiln.collective_permute
// (upstream has no such op); mixed with other changes it goes through
// gather and slice.
//
//===----------------------------------------------------------------------===//

#include "kiln/Transforms/Sharding/ReshardEmitter.h"
#include "kiln/Analysis/ElementStorage.h"

#include <functional>

using namespace mlir;
using namespace mlir::kiln;

int16_t ReshardEmitter::gridAxis(StringAttr axis) const {
  ArrayRef<StringAttr> names = mesh.getMesh().getAxisNames();
  return static_cast<int16_t>(llvm::find(names, axis) - names.begin());
}

int64_t ReshardEmitter::product(ArrayRef<StringAttr> axes) const {
  int64_t size = 1;
  for (StringAttr axis : axes)
    size *= mesh.getMesh().getAxisSizes()[gridAxis(axis)];
  return size;
}

RankedTensorType ReshardEmitter::localType(RankedTensorType type,
                                           ShardingAttr layout) const {
  return type.clone(layout.getLocalShape(mesh.getMesh(), type.getShape()));
}

static bool isPrefix(ArrayRef<StringAttr> prefix, ArrayRef<StringAttr> of) {
  return prefix.size() <= of.size() && of.take_front(prefix.size()) == prefix;
}

std::optional<SmallVector<int64_t>>
ReshardEmitter::permutation(RankedTensorType type, ShardingAttr from,
                            ShardingAttr to) const {
  if (from == to || !from.getUnreduced().empty() || !to.getUnreduced().empty())
    return std::nullopt;
  for (auto [dim, a, b] : llvm::enumerate(from.getDims(), to.getDims())) {
    int64_t parts = product(a.getAxes());
    if (parts != product(b.getAxes()) || type.getDimSize(dim) % parts)
      return std::nullopt;
  }
  ArrayRef<int64_t> sizes = mesh.getMesh().getAxisSizes();
  int64_t devices = mesh.getMesh().getNumDevices();
  auto coordinates = [&](int64_t device) {
    SmallVector<int64_t> coords(sizes.size());
    for (int64_t axis = sizes.size() - 1; axis >= 0; --axis) {
      coords[axis] = device % sizes[axis];
      device /= sizes[axis];
    }
    return coords;
  };
  // The block (per dim) a device holds under `layout`.
  auto blocks = [&](ShardingAttr layout, ArrayRef<int64_t> coords) {
    SmallVector<int64_t> index;
    for (DimShardingAttr dim : layout.getDims()) {
      int64_t block = 0;
      for (StringAttr axis : dim.getAxes())
        block = block * sizes[gridAxis(axis)] + coords[gridAxis(axis)];
      index.push_back(block);
    }
    return index;
  };
  // Each device takes its block from one of its holders, each holder
  // serving one device: a perfect matching, found by augmenting paths
  // that try the holders closest to the device (fewest differing
  // coordinates) first, so that replicas of a block stay put.
  SmallVector<SmallVector<int64_t>> holders(devices);
  for (int64_t device = 0; device < devices; ++device) {
    SmallVector<int64_t> mine = coordinates(device);
    SmallVector<int64_t> wanted = blocks(to, mine);
    SmallVector<std::pair<int64_t, int64_t>> ranked;
    for (int64_t holder = 0; holder < devices; ++holder) {
      SmallVector<int64_t> theirs = coordinates(holder);
      if (blocks(from, theirs) != wanted)
        continue;
      int64_t distance = 0;
      for (auto [x, y] : llvm::zip(mine, theirs))
        distance += x != y;
      ranked.push_back({distance, holder});
    }
    llvm::sort(ranked);
    for (auto [distance, holder] : ranked)
      holders[device].push_back(holder);
  }
  SmallVector<int64_t> sources(devices, -1), servedBy(devices, -1);
  std::function<bool(int64_t, SmallVectorImpl<bool> &)> assign =
      [&](int64_t device, SmallVectorImpl<bool> &visited) {
        for (int64_t holder : holders[device]) {
          if (visited[holder])
            continue;
          visited[holder] = true;
          if (servedBy[holder] < 0 || assign(servedBy[holder], visited)) {
            servedBy[holder] = device;
            sources[device] = holder;
            return true;
          }
        }
        return false;
      };
  for (int64_t device = 0; device < devices; ++device) {
    SmallVector<bool> visited(devices, false);
    if (!assign(device, visited))
      return std::nullopt;
  }
  bool moves = false;
  for (int64_t device = 0; device < devices; ++device)
    moves |= sources[device] != device;
  if (!moves)
    return std::nullopt;
  return sources;
}

FailureOr<EmittedReshard>
ReshardEmitter::emit(OpBuilder &builder, Location loc, Value local,
                     RankedTensorType type, ShardingAttr from, ShardingAttr to,
                     shard::ReductionKind reduction) const {
  MLIRContext *context = builder.getContext();
  EmittedReshard result{local, {}, 0};
  int64_t rank = type.getRank();
  SmallVector<SmallVector<StringAttr>> current, target;
  for (DimShardingAttr dim : from.getDims())
    current.emplace_back(dim.getAxes());
  for (DimShardingAttr dim : to.getDims())
    target.emplace_back(dim.getAxes());
  SmallVector<int64_t> shape(
      cast<RankedTensorType>(local.getType()).getShape());
  Value value = local;
  auto axesAttr = [&](ArrayRef<StringAttr> axes) {
    SmallVector<int16_t> indices;
    for (StringAttr axis : axes)
      indices.push_back(gridAxis(axis));
    return DenseI16ArrayAttr::get(context, indices);
  };
  auto axisSize = [&](StringAttr axis) { return product(axis); };
  auto blockSize = [&](int64_t whole, ArrayRef<StringAttr> axes) {
    int64_t parts = product(axes);
    return (whole + parts - 1) / parts;
  };
  auto uneven = [&](int64_t dim, StringRef what) {
    return emitError(loc) << "cannot " << what << " dim " << dim << " of "
                          << type << " from " << from << " to " << to
                          << ": its " << type.getDimSize(dim)
                          << " rows do not split evenly and the two layouts "
                             "pad it differently; gather it whole first";
  };

  for (StringAttr axis : to.getUnreduced())
    if (!llvm::is_contained(from.getUnreduced(), axis))
      return emitError(loc) << "cannot reshard " << type << " into a partial "
                            << "sum over \"" << axis.getValue()
                            << "\" it does not already have";

  // 0. Whole blocks changing devices: one collective-permute.
  if (std::optional<SmallVector<int64_t>> sources =
          permutation(type, from, to)) {
    result.value =
        CollectivePermuteOp::create(builder, loc, value.getType(), value, grid,
                                    builder.getDenseI64ArrayAttr(*sources));
    return result;
  }

  // 1. Pending sums: a reduce-scatter where the target splits a dim over
  // the summed axis next, one all-reduce over the rest.
  SmallVector<StringAttr> allReduce;
  for (StringAttr axis : from.getUnreduced()) {
    if (llvm::is_contained(to.getUnreduced(), axis))
      continue;
    bool scattered = false;
    for (int64_t dim = 0; dim < rank && !scattered; ++dim) {
      if (!isPrefix(current[dim], target[dim]) ||
          target[dim].size() == current[dim].size() ||
          target[dim][current[dim].size()] != axis ||
          shape[dim] % axisSize(axis) != 0)
        continue;
      shape[dim] /= axisSize(axis);
      current[dim].push_back(axis);
      value = shard::ReduceScatterOp::create(
          builder, loc, type.clone(shape), grid, axesAttr(axis), value,
          shard::ReductionKindAttr::get(context, reduction),
          builder.getIndexAttr(dim));
      scattered = true;
    }
    if (!scattered)
      allReduce.push_back(axis);
  }
  if (!allReduce.empty())
    value = shard::AllReduceOp::create(
        builder, loc, value.getType(), grid, axesAttr(allReduce), value,
        shard::ReductionKindAttr::get(context, reduction));

  // 2. An axis that is the last of one dim and the next of another moves
  // with an all-to-all.
  for (int64_t src = 0; src < rank; ++src) {
    if (current[src].empty() ||
        ArrayRef(current[src]).drop_back() != ArrayRef(target[src]))
      continue;
    StringAttr axis = current[src].back();
    ArrayRef<StringAttr> rest = ArrayRef(current[src]).drop_back();
    // The gathered block must be the block under the remaining axes
    // (no padding to cut or to reshape).
    if (shape[src] * axisSize(axis) != blockSize(type.getDimSize(src), rest))
      continue;
    if (rest.empty() && shape[src] * axisSize(axis) != type.getDimSize(src))
      continue;
    for (int64_t dst = 0; dst < rank; ++dst) {
      if (dst == src || !isPrefix(current[dst], target[dst]) ||
          target[dst].size() == current[dst].size() ||
          target[dst][current[dst].size()] != axis ||
          shape[dst] % axisSize(axis) != 0)
        continue;
      shape[src] *= axisSize(axis);
      shape[dst] /= axisSize(axis);
      current[src].pop_back();
      current[dst].push_back(axis);
      value = shard::AllToAllOp::create(
          builder, loc, type.clone(shape), grid, axesAttr(axis), value,
          builder.getIndexAttr(dst), builder.getIndexAttr(src));
      break;
    }
  }

  // 3. Gathers down to the common prefix, minor axes first.
  for (int64_t dim = 0; dim < rank; ++dim) {
    size_t common = 0;
    while (common < current[dim].size() && common < target[dim].size() &&
           current[dim][common] == target[dim][common])
      ++common;
    if (common == current[dim].size())
      continue;
    int64_t before = 1;
    for (int64_t size : shape)
      before *= size;
    int64_t gatheredRows = shape[dim];
    while (current[dim].size() > common) {
      StringAttr axis = current[dim].pop_back_val();
      shape[dim] *= axisSize(axis);
      value = shard::AllGatherOp::create(builder, loc, type.clone(shape), grid,
                                         axesAttr(axis), value,
                                         builder.getIndexAttr(dim));
    }
    int64_t whole = type.getDimSize(dim);
    if (current[dim].empty()) {
      int64_t after = before / std::max<int64_t>(gatheredRows, 1) * whole;
      result.gatheredDims.push_back(dim);
      result.gatheredBytes += getStorageBytes(
          type.getElementType(), after - before, SubBytePacking::packed);
      if (shape[dim] != whole) {
        // Cut the padding of an uneven split off the end.
        SmallVector<int64_t> start(rank, 0), limit(shape), stride(rank, 1);
        limit[dim] = whole;
        shape[dim] = whole;
        value = SliceOp::create(builder, loc, value, start, limit, stride);
      }
    } else if (shape[dim] != blockSize(whole, current[dim])) {
      return uneven(dim, "gather");
    }
  }

  // 4. Local slices up to the target.
  for (int64_t dim = 0; dim < rank; ++dim) {
    if (current[dim].size() == target[dim].size())
      continue;
    ArrayRef<StringAttr> rest =
        ArrayRef(target[dim]).drop_front(current[dim].size());
    int64_t parts = product(rest);
    if (shape[dim] % parts != 0) {
      if (!current[dim].empty())
        return uneven(dim, "slice");
      // Pad a whole uneven dim at its end to the blocks' multiple.
      int64_t padded = (shape[dim] + parts - 1) / parts * parts;
      SmallVector<int64_t> low(rank, 0), high(rank, 0);
      high[dim] = padded - shape[dim];
      shape[dim] = padded;
      value = PadOp::create(builder, loc, value, low, high,
                            builder.getZeroAttr(type.getElementType()));
    }
    for (StringAttr axis : rest) {
      shape[dim] /= axisSize(axis);
      current[dim].push_back(axis);
      value = shard::AllSliceOp::create(builder, loc, type.clone(shape), grid,
                                        axesAttr(axis), value,
                                        builder.getIndexAttr(dim));
    }
  }

  if (type.clone(shape) != localType(type, to))
    return emitError(loc) << "internal error: resharding " << type << " from "
                          << from << " to " << to << " produced blocks of "
                          << type.clone(shape);
  result.value = value;
  return result;
}
