//===- Propagation.cpp - Spread a few shardings to every value ------------===//
//
// Shardy-style factor propagation. Each step through an op projects the
// shardings of its operands and results onto the op's factors, settles
// each factor's axes (the strongest priority wins; among equals, prefixes
// agree or the cost model picks), and extends every open dimension that
// the settled factors cover. Shardings only grow, so the fixpoint loop
// ends.
//
//===----------------------------------------------------------------------===//

#include "kiln/Transforms/Sharding/Propagation.h"

#include "kiln/Transforms/Sharding/Reshard.h"
#include "kiln/Transforms/Sharding/ShardingRule.h"

#include "mlir/IR/AsmState.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <numeric>
#include <set>

#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "kiln-shard-propagate"

using namespace mlir;
using namespace mlir::kiln;

//===----------------------------------------------------------------------===//
// State
//===----------------------------------------------------------------------===//

ValueSharding &ShardingPropagation::state(Value value) {
  auto [it, inserted] = states.try_emplace(value);
  if (inserted) {
    auto type = cast<RankedTensorType>(value.getType());
    it->second.dims.resize(type.getRank());
    for (ValueSharding::Dim &dim : it->second.dims)
      dim.priority = kNoPriority;
  }
  return it->second;
}

const ValueSharding *ShardingPropagation::lookup(Value value) const {
  auto it = states.find(value);
  return it == states.end() ? nullptr : &it->second;
}

ShardingAttr ShardingPropagation::getSharding(Value value) const {
  MLIRContext *context = value.getContext();
  auto type = cast<RankedTensorType>(value.getType());
  const ValueSharding *known = lookup(value);
  SmallVector<DimShardingAttr> dims;
  for (int64_t dim = 0; dim < type.getRank(); ++dim) {
    if (!known) {
      dims.push_back(DimShardingAttr::get(context, {}, false, -1));
      continue;
    }
    const ValueSharding::Dim &d = known->dims[dim];
    dims.push_back(
        DimShardingAttr::get(context, d.axes, d.closed, d.annotatedPriority));
  }
  auto meshRef =
      FlatSymbolRefAttr::get(const_cast<MeshOp &>(mesh).getSymNameAttr());
  if (!known)
    return ShardingAttr::get(meshRef, dims);
  return ShardingAttr::get(context, meshRef, dims, known->replicated,
                           known->unreduced);
}

bool ShardingPropagation::visible(const ValueSharding::Dim &dim,
                                  int64_t level) const {
  if (dim.axes.empty() && !dim.closed)
    return true;
  return dim.priority <= level;
}

//===----------------------------------------------------------------------===//
// Seeds
//===----------------------------------------------------------------------===//

void ShardingPropagation::seedFrom(Value value, ShardingAttr sharding,
                                   bool override) {
  ValueSharding &s = state(value);
  if (s.annotated && !override)
    return;
  s.annotated = true;
  s.replicated.assign(sharding.getReplicated().begin(),
                      sharding.getReplicated().end());
  s.unreduced.assign(sharding.getUnreduced().begin(),
                     sharding.getUnreduced().end());
  for (auto [dim, attr] : llvm::zip(s.dims, sharding.getDims())) {
    dim.axes.assign(attr.getAxes().begin(), attr.getAxes().end());
    dim.closed = attr.getClosed();
    dim.annotatedPriority = attr.getPriority();
    dim.priority = attr.hasPriority() ? attr.getPriority() : kNoPriority;
    dim.origin = {};
    if (!dim.axes.empty() || dim.closed)
      dim.origin = {DimOrigin::Annotation, value, nullptr};
  }
}

LogicalResult ShardingPropagation::seed() {
  FlatSymbolRefAttr meshName;
  Location meshLoc = function.getLoc();
  auto noteMesh = [&](ShardingAttr sharding, Location loc) -> LogicalResult {
    if (!meshName) {
      meshName = sharding.getMesh();
      meshLoc = loc;
      return success();
    }
    if (meshName == sharding.getMesh())
      return success();
    return emitError(loc) << "shardings in one function must share a mesh: "
                          << sharding.getMesh() << " here, " << meshName
                          << " at " << meshLoc;
  };
  auto isTensor = [](Value value) {
    return isa<RankedTensorType>(value.getType());
  };

  Block &body = function.getFunctionBody().front();
  for (BlockArgument arg : body.getArguments())
    if (auto sharding = function.getArgAttrOfType<ShardingAttr>(
            arg.getArgNumber(), KilnDialect::kShardingAttrName)) {
      if (failed(noteMesh(sharding, arg.getLoc())))
        return failure();
      seedFrom(arg, sharding, /*override=*/true);
    }
  for (Operation &op : body.without_terminator()) {
    if (auto perValue = op.getAttrOfType<ShardingPerValueAttr>(
            KilnDialect::kShardingAttrName)) {
      for (auto [result, sharding] :
           llvm::zip(op.getResults(), perValue.getShardings())) {
        if (failed(noteMesh(sharding, op.getLoc())))
          return failure();
        if (isTensor(result))
          seedFrom(result, sharding, /*override=*/true);
      }
    }
    if (auto constraint = dyn_cast<ShardingConstraintOp>(op)) {
      if (failed(noteMesh(constraint.getSharding(), op.getLoc())))
        return failure();
      seedFrom(constraint.getResult(), constraint.getSharding(),
               /*override=*/true);
    }
    // A manual region's results come out as its out_shardings say; its
    // operands are asked for in its in_shardings, a hint (open dims, no
    // override of the user's own annotations) that spreads backward to
    // their producers so the region's reshards become free slices.
    if (auto manual = dyn_cast<ManualComputationOp>(op)) {
      for (auto [index, result] : llvm::enumerate(manual.getResults())) {
        ShardingAttr sharding = manual.getOutSharding(index);
        if (failed(noteMesh(sharding, op.getLoc())))
          return failure();
        seedFrom(result, sharding, /*override=*/true);
      }
      for (auto [index, input] : llvm::enumerate(manual.getInputs())) {
        ShardingAttr sharding = manual.getInSharding(index);
        if (failed(noteMesh(sharding, op.getLoc())))
          return failure();
        SmallVector<DimShardingAttr> open;
        for (DimShardingAttr dim : sharding.getDims())
          open.push_back(DimShardingAttr::get(op.getContext(), dim.getAxes(),
                                              /*closed=*/false, -1));
        seedFrom(input,
                 ShardingAttr::get(op.getContext(), sharding.getMesh(), open,
                                   {}, {}),
                 /*override=*/false);
      }
    }
  }
  Operation *terminator = body.getTerminator();
  for (auto [index, returned] : llvm::enumerate(terminator->getOperands()))
    if (auto sharding = function.getResultAttrOfType<ShardingAttr>(
            index, KilnDialect::kShardingAttrName)) {
      if (failed(noteMesh(sharding, terminator->getLoc())))
        return failure();
      if (isTensor(returned))
        seedFrom(returned, sharding, /*override=*/false);
    }
  if (!meshName)
    return success();
  mesh = lookupMesh(function, meshName);
  if (!mesh)
    return emitError(meshLoc) << "unknown mesh " << meshName;
  return success();
}

//===----------------------------------------------------------------------===//
// One step through an op
//===----------------------------------------------------------------------===//

namespace {
/// What one tensor dim says about one factor.
struct Candidate {
  SmallVector<StringAttr> axes;
  int64_t priority;
  DimOrigin origin;
  unsigned tensor;
  unsigned dim;
};
} // namespace

/// Splits `axes` of a dim with `factors` among them, major factor first. A
/// dim of one factor takes every axis (uneven splits allowed); across
/// several, a factor must be split evenly and completely before the next
/// one gets axes.
static SmallVector<SmallVector<StringAttr>>
projectDim(ArrayRef<StringAttr> axes, ArrayRef<unsigned> factors,
           ArrayRef<int64_t> factorSizes, MeshAttr mesh) {
  SmallVector<SmallVector<StringAttr>> result(factors.size());
  if (factors.size() == 1) {
    result[0].assign(axes.begin(), axes.end());
    return result;
  }
  size_t next = 0;
  for (auto [index, factor] : llvm::enumerate(factors)) {
    int64_t covered = 1;
    while (next < axes.size()) {
      int64_t size = mesh.getAxisSize(axes[next].getValue()).value_or(1);
      if (factorSizes[factor] % (covered * size) != 0)
        break;
      covered *= size;
      result[index].push_back(axes[next++]);
    }
    if (covered != factorSizes[factor])
      break;
  }
  return result;
}

static bool isPrefix(ArrayRef<StringAttr> prefix, ArrayRef<StringAttr> of) {
  return prefix.size() <= of.size() && of.take_front(prefix.size()) == prefix;
}

static std::string axesText(ArrayRef<StringAttr> axes) {
  std::string text = "{";
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(axes, os, [&](StringAttr axis) { os << axis; });
  os << "}";
  return text;
}

bool ShardingPropagation::propagateThrough(Operation *op, int64_t level) {
  std::optional<OpShardingRule> rule = getShardingRule(op);
  if (!rule)
    return false;
  SmallVector<Value> tensors(op->getOperands());
  llvm::append_range(tensors, op->getResults());
  for (Value value : tensors)
    state(value); // Create every state first: references stay valid.
  MeshAttr meshAttr = mesh.getMesh();

  // 1. What every visible dim says about its factors.
  SmallVector<SmallVector<Candidate>> candidates(rule->getNumFactors());
  for (auto [t, value] : llvm::enumerate(tensors)) {
    ValueSharding &s = state(value);
    for (auto [d, dim] : llvm::enumerate(s.dims)) {
      if (dim.axes.empty() || !visible(dim, level))
        continue;
      ArrayRef<unsigned> factors = rule->dims[t][d];
      auto projected =
          projectDim(dim.axes, factors, rule->factorSizes, meshAttr);
      for (auto [factor, axes] : llvm::zip(factors, projected))
        if (!axes.empty() &&
            rule->factorKinds[factor] != FactorKind::NeedReplication)
          candidates[factor].push_back({axes, dim.priority, dim.origin,
                                        static_cast<unsigned>(t),
                                        static_cast<unsigned>(d)});
    }
  }

  // 2. Settle each factor.
  struct Settled {
    SmallVector<StringAttr> axes;
    int64_t priority = kNoPriority;
    DimOrigin origin;
  };
  SmallVector<Settled> settled(rule->getNumFactors());
  for (auto [factor, options] : llvm::enumerate(candidates)) {
    if (options.empty())
      continue;
    int64_t strongest = kNoPriority;
    for (const Candidate &c : options)
      strongest = std::min(strongest, c.priority);
    SmallVector<const Candidate *> strong;
    for (const Candidate &c : options)
      if (c.priority == strongest)
        strong.push_back(&c);
    const Candidate *pick = strong.front();
    for (const Candidate *c : strong)
      if (c->axes.size() > pick->axes.size())
        pick = c;
    bool agree = llvm::all_of(strong, [&](const Candidate *c) {
      return isPrefix(c->axes, pick->axes);
    });
    if (!agree) {
      // Price each option: reshard every tensor that disagrees with it.
      auto costOf = [&](const Candidate *option) {
        double seconds = 0;
        for (const Candidate *other : strong) {
          if (isPrefix(other->axes, option->axes))
            continue;
          Value value = tensors[other->tensor];
          ShardingAttr from = getSharding(value);
          SmallVector<DimShardingAttr> dims(from.getDims());
          // The option's axes, less those the tensor uses elsewhere.
          SmallVector<StringAttr> axes;
          for (StringAttr axis : option->axes) {
            bool taken = llvm::is_contained(from.getReplicated(), axis) ||
                         llvm::is_contained(from.getUnreduced(), axis);
            for (auto [d, dim] : llvm::enumerate(dims))
              taken |=
                  d != other->dim && llvm::is_contained(dim.getAxes(), axis);
            if (!taken)
              axes.push_back(axis);
          }
          dims[other->dim] =
              DimShardingAttr::get(op->getContext(), axes, true, -1);
          ShardingAttr to =
              ShardingAttr::get(op->getContext(), from.getMesh(), dims,
                                from.getReplicated(), from.getUnreduced());
          seconds += planReshard(mesh, cast<RankedTensorType>(value.getType()),
                                 from, to)
                         .getSeconds();
        }
        return seconds;
      };
      SmallVector<double> costs;
      for (const Candidate *c : strong)
        costs.push_back(costOf(c));
      size_t best = 0;
      for (size_t i = 1; i < strong.size(); ++i)
        if (costs[i] < costs[best])
          best = i;
      pick = strong[best];
      if (reported.insert({op, static_cast<unsigned>(factor)}).second) {
        std::string text;
        llvm::raw_string_ostream os(text);
        AsmState asmState(function);
        os << "'" << op->getName() << "': ";
        for (auto [i, c] : llvm::enumerate(strong)) {
          if (i)
            os << " vs ";
          os << axesText(c->axes) << " from ";
          tensors[c->tensor].printAsOperand(os, asmState);
          os << " dim " << c->dim;
        }
        os << "; kept " << axesText(pick->axes)
           << ", resharding the others costs "
           << llvm::format("%.2f", costs[best] * 1e6)
           << " us (the other choices: ";
        bool first = true;
        for (size_t i = 0; i < strong.size(); ++i) {
          if (i == best)
            continue;
          os << (first ? "" : ", ") << llvm::format("%.2f", costs[i] * 1e6)
             << " us";
          first = false;
        }
        os << ")";
        LLVM_DEBUG(llvm::dbgs() << "shard-propagate: conflict at "
                                << op->getLoc() << ": " << text << "\n");
        conflicts.push_back({op, text});
      }
    }
    // Weaker tensors may still extend the settled axes.
    const Candidate *longest = pick;
    for (const Candidate &c : options)
      if (isPrefix(pick->axes, c.axes) && c.axes.size() > longest->axes.size())
        longest = &c;
    settled[factor] = {longest->axes, strongest, pick->origin};
  }

  // 3. An axis shards at most one factor: stronger, then earlier, wins.
  SmallVector<unsigned> order(rule->getNumFactors());
  std::iota(order.begin(), order.end(), 0);
  llvm::stable_sort(order, [&](unsigned a, unsigned b) {
    return settled[a].priority < settled[b].priority;
  });
  llvm::SmallDenseSet<StringAttr> used;
  for (unsigned factor : order) {
    SmallVector<StringAttr> &axes = settled[factor].axes;
    auto clash =
        llvm::find_if(axes, [&](StringAttr a) { return used.count(a); });
    axes.erase(clash, axes.end());
    used.insert(axes.begin(), axes.end());
  }

  // 4. Extend every open, visible dim the settled factors cover.
  bool changed = false;
  for (auto [t, value] : llvm::enumerate(tensors)) {
    ValueSharding &s = state(value);
    for (auto [d, dim] : llvm::enumerate(s.dims)) {
      if (dim.closed || !visible(dim, level))
        continue;
      ArrayRef<unsigned> factors = rule->dims[t][d];
      SmallVector<StringAttr> axes;
      const Settled *first = nullptr;
      for (unsigned factor : factors) {
        if (rule->factorKinds[factor] == FactorKind::NeedReplication)
          break;
        const Settled &f = settled[factor];
        if (!first && !f.axes.empty())
          first = &f;
        llvm::append_range(axes, f.axes);
        int64_t covered = 1;
        for (StringAttr axis : f.axes)
          covered *= meshAttr.getAxisSize(axis.getValue()).value_or(1);
        if (factors.size() > 1 && covered != rule->factorSizes[factor])
          break;
      }
      // Axes already used by another dim of this tensor stay there.
      size_t self = d;
      auto takenElsewhere = [&](StringAttr axis) {
        if (llvm::is_contained(s.replicated, axis) ||
            llvm::is_contained(s.unreduced, axis))
          return true;
        for (auto [other, otherDim] : llvm::enumerate(s.dims))
          if (other != self && llvm::is_contained(otherDim.axes, axis))
            return true;
        return false;
      };
      axes.erase(llvm::find_if(axes, takenElsewhere), axes.end());
      if (axes.size() <= dim.axes.size() || !isPrefix(dim.axes, axes) || !first)
        continue;
      dim.axes = axes;
      dim.priority = std::min(dim.priority, first->priority);
      DimOrigin::Kind kind =
          rule->isResult(t) ? DimOrigin::Forward : DimOrigin::Backward;
      dim.origin = {kind, first->origin.source, op};
      changed = true;
    }
  }
  return changed;
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

LogicalResult ShardingPropagation::run() {
  if (function.isExternal())
    return success();
  if (failed(seed()))
    return failure();
  if (!mesh)
    return success();

  // Levels: every priority the user wrote, then everything.
  std::set<int64_t> levels = {kNoPriority};
  for (auto &[value, s] : states)
    for (const ValueSharding::Dim &dim : s.dims)
      if (dim.priority != kNoPriority)
        levels.insert(dim.priority);

  Block &body = function.getFunctionBody().front();
  SmallVector<Operation *> ops;
  SmallVector<bool> passThroughOnly;
  for (Operation &op : body.without_terminator()) {
    std::optional<OpShardingRule> rule = getShardingRule(&op);
    if (!rule)
      continue;
    ops.push_back(&op);
    passThroughOnly.push_back(rule->isPassThroughOnly());
  }
  for (int64_t level : levels) {
    // Ops whose every factor passes through first, then all of them
    // (Shardy's op priorities: a matmul should not decide a layout that an
    // elementwise chain already implies).
    for (bool everything : {false, true}) {
      bool changed = true;
      for (int round = 0; changed && round < 64; ++round) {
        changed = false;
        for (auto [op, simple] : llvm::zip(ops, passThroughOnly))
          if (everything || simple)
            changed |= propagateThrough(op, level);
        for (auto [op, simple] : llvm::reverse(llvm::zip(ops, passThroughOnly)))
          if (everything || simple)
            changed |= propagateThrough(op, level);
      }
    }
  }
  return success();
}

void ShardingPropagation::apply() {
  if (!mesh)
    return;
  MLIRContext *context = function.getContext();
  Block &body = function.getFunctionBody().front();
  for (BlockArgument arg : body.getArguments())
    if (isa<RankedTensorType>(arg.getType()))
      function.setArgAttr(arg.getArgNumber(), KilnDialect::kShardingAttrName,
                          getSharding(arg));
  for (Operation &op : body.without_terminator()) {
    if (isa<ShardingConstraintOp, MeshOp, ManualComputationOp>(op) ||
        op.getNumResults() == 0 ||
        !llvm::all_of(op.getResultTypes(),
                      [](Type type) { return isa<RankedTensorType>(type); }))
      continue;
    SmallVector<ShardingAttr> shardings;
    for (Value result : op.getResults())
      shardings.push_back(getSharding(result));
    op.setAttr(KilnDialect::kShardingAttrName,
               ShardingPerValueAttr::get(context, shardings));
  }
  Operation *terminator = body.getTerminator();
  for (auto [index, returned] : llvm::enumerate(terminator->getOperands()))
    if (isa<RankedTensorType>(returned.getType()) &&
        !function.getResultAttr(index, KilnDialect::kShardingAttrName))
      function.setResultAttr(index, KilnDialect::kShardingAttrName,
                             getSharding(returned));
}
