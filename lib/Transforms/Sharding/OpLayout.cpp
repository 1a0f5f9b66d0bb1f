//===- OpLayout.cpp - The layout an op computes in ------------------------===//
//
// Reads factor axes off the results, then the operands, and projects them
// back onto every operand (see OpLayout.h).
//
//===----------------------------------------------------------------------===//

#include "kiln/Transforms/Sharding/OpLayout.h"

#include "kiln/Transforms/Sharding/Reshard.h"

#include "llvm/ADT/DenseSet.h"

using namespace mlir;
using namespace mlir::kiln;

ShardingAttr mlir::kiln::layoutOf(ShardingAttr sharding) {
  MLIRContext *context = sharding.getContext();
  SmallVector<DimShardingAttr> dims;
  for (DimShardingAttr dim : sharding.getDims())
    dims.push_back(DimShardingAttr::get(context, dim.getAxes(), true, -1));
  return ShardingAttr::get(context, sharding.getMesh(), dims, {},
                           sharding.getUnreduced());
}

ShardingAttr mlir::kiln::closedLayout(FlatSymbolRefAttr mesh,
                                      ArrayRef<SmallVector<StringAttr>> dims,
                                      ArrayRef<StringAttr> unreduced) {
  MLIRContext *context = mesh.getContext();
  SmallVector<DimShardingAttr> result;
  for (ArrayRef<StringAttr> axes : dims)
    result.push_back(DimShardingAttr::get(context, axes, true, -1));
  return ShardingAttr::get(context, mesh, result, {}, unreduced);
}

/// The axes `sharding` gives the factors of `dims` (see projectDim in
/// Propagation.cpp: one factor takes all; several split evenly, major
/// first).
static void readFactors(ShardingAttr sharding,
                        ArrayRef<SmallVector<unsigned, 1>> dims,
                        const OpShardingRule &rule, MeshAttr mesh,
                        SmallVectorImpl<SmallVector<StringAttr>> &factorAxes,
                        SmallVectorImpl<bool> &known) {
  for (auto [dim, factors] : llvm::zip(sharding.getDims(), dims)) {
    ArrayRef<StringAttr> axes = dim.getAxes();
    size_t next = 0;
    for (unsigned factor : factors) {
      SmallVector<StringAttr> taken;
      int64_t covered = 1;
      while (next < axes.size()) {
        int64_t size = mesh.getAxisSize(axes[next].getValue()).value_or(1);
        if (factors.size() > 1 && rule.factorSizes[factor] % (covered * size))
          break;
        covered *= size;
        taken.push_back(axes[next++]);
      }
      if (!known[factor]) {
        factorAxes[factor] = taken;
        known[factor] = true;
      }
      if (factors.size() > 1 && covered != rule.factorSizes[factor])
        break;
    }
  }
}

OpLayout mlir::kiln::computeOpLayout(const OpShardingRule &rule, MeshAttr mesh,
                                     ArrayRef<ShardingAttr> operands,
                                     ArrayRef<ShardingAttr> results,
                                     bool reductionsFirst) {
  OpLayout layout;
  unsigned numFactors = rule.getNumFactors();
  SmallVector<SmallVector<StringAttr>> fromResults(numFactors),
      fromOperands(numFactors);
  SmallVector<bool> inResults(numFactors, false), inOperands(numFactors, false);
  for (auto [index, sharding] : llvm::enumerate(results))
    readFactors(sharding, rule.dims[rule.numOperands + index], rule, mesh,
                fromResults, inResults);
  // Factors the results do not carry: the first operand that splits them.
  for (auto [index, sharding] : llvm::enumerate(operands)) {
    SmallVector<SmallVector<StringAttr>> axes(numFactors);
    SmallVector<bool> seen(numFactors, false);
    readFactors(sharding, rule.dims[index], rule, mesh, axes, seen);
    for (unsigned f = 0; f < numFactors; ++f)
      if (seen[f] && fromOperands[f].empty()) {
        fromOperands[f] = axes[f];
        inOperands[f] = true;
      }
  }
  // Whole dims stay whole, and an axis serves one factor: the result
  // factors claim theirs first, unless `reductionsFirst`, where the
  // contracting factors keep the operands' axes and the results give
  // them up (to get them back by a reduce-scatter).
  layout.factorAxes.resize(numFactors);
  llvm::SmallDenseSet<StringAttr, 4> used;
  auto claim = [&](unsigned f, ArrayRef<StringAttr> axes) {
    SmallVector<StringAttr> &mine = layout.factorAxes[f];
    for (StringAttr axis : axes) {
      if (used.count(axis))
        break;
      mine.push_back(axis);
    }
    used.insert(mine.begin(), mine.end());
  };
  auto isReduction = [&](unsigned f) {
    return !inResults[f] && rule.factorKinds[f] == FactorKind::Reduction;
  };
  for (int pass = 0; pass < 3; ++pass)
    for (unsigned f = 0; f < numFactors; ++f) {
      if (rule.factorKinds[f] == FactorKind::NeedReplication)
        continue;
      bool first = reductionsFirst ? isReduction(f) : inResults[f];
      bool second = reductionsFirst ? inResults[f] : isReduction(f);
      if (pass == 0 && first)
        claim(f, inResults[f] ? fromResults[f] : fromOperands[f]);
      else if (pass == 1 && second)
        claim(f, inResults[f] ? fromResults[f] : fromOperands[f]);
      else if (pass == 2 && !inResults[f] && !isReduction(f))
        claim(f, fromOperands[f]);
    }
  for (unsigned f = 0; f < numFactors; ++f)
    if (isReduction(f))
      llvm::append_range(layout.partialAxes, layout.factorAxes[f]);
  FlatSymbolRefAttr meshRef = !operands.empty() ? operands.front().getMesh()
                                                : results.front().getMesh();
  projectFactorAxes(rule, mesh, meshRef, layout);
  return layout;
}

void mlir::kiln::projectFactorAxes(const OpShardingRule &rule, MeshAttr mesh,
                                   FlatSymbolRefAttr meshRef,
                                   OpLayout &layout) {
  auto project = [&](ArrayRef<SmallVector<unsigned, 1>> dims,
                     ArrayRef<StringAttr> unreduced) {
    SmallVector<SmallVector<StringAttr>> result;
    for (ArrayRef<unsigned> factors : dims) {
      SmallVector<StringAttr> &axes = result.emplace_back();
      for (unsigned factor : factors) {
        llvm::append_range(axes, layout.factorAxes[factor]);
        int64_t covered = 1;
        for (StringAttr axis : layout.factorAxes[factor])
          covered *= mesh.getAxisSize(axis.getValue()).value_or(1);
        if (factors.size() > 1 && covered != rule.factorSizes[factor])
          break;
      }
    }
    return closedLayout(meshRef, result, unreduced);
  };
  layout.operands.clear();
  layout.results.clear();
  for (unsigned index = 0; index < rule.numOperands; ++index)
    layout.operands.push_back(project(rule.dims[index], {}));
  for (unsigned index = rule.numOperands; index < rule.getNumTensors(); ++index)
    layout.results.push_back(project(rule.dims[index], layout.partialAxes));
}

OpLayout mlir::kiln::chooseOpLayout(Operation *op, const OpShardingRule &rule,
                                    MeshOp mesh,
                                    ArrayRef<ShardingAttr> operands,
                                    ArrayRef<ShardingAttr> results,
                                    double *seconds) {
  std::optional<OpLayout> best;
  double bestCost = 0;
  for (bool reductionsFirst : {false, true}) {
    OpLayout layout = computeOpLayout(rule, mesh.getMesh(), operands, results,
                                      reductionsFirst);
    double cost = 0;
    for (auto [index, value] : llvm::enumerate(op->getOperands()))
      cost += planReshard(mesh, cast<RankedTensorType>(value.getType()),
                          layoutOf(operands[index]), layout.operands[index])
                  .getSeconds();
    for (auto [index, value] : llvm::enumerate(op->getResults()))
      cost += planReshard(mesh, cast<RankedTensorType>(value.getType()),
                          layout.results[index], layoutOf(results[index]))
                  .getSeconds();
    if (!best || cost < bestCost) {
      best = std::move(layout);
      bestCost = cost;
    }
  }
  if (seconds)
    *seconds = bestCost;
  return std::move(*best);
}
