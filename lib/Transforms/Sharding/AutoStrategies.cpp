//===- AutoStrategies.cpp - Strategies and edges for kiln-shard-auto ------===//
//
// Enumerates, per node, every way to give the mesh axes to its factors
// (ops) or dims (arguments and constants), keeps those the user's
// annotations allow, and prices every edge between the layouts its two
// ends may have (see AutoSharding.h).
//
//===----------------------------------------------------------------------===//

#include "AutoSharding.h"

#include "kiln/Transforms/Sharding/OpLayout.h"
#include "kiln/Transforms/Sharding/PlanCost.h"
#include "kiln/Transforms/Sharding/Reshard.h"

#include "llvm/ADT/DenseMap.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::autoshard;

/// Calls `fn` with every assignment of `numAxes` mesh axes to one of
/// `numChoices` targets or to none (-1).
static void forEachAssignment(unsigned numAxes, unsigned numChoices,
                              function_ref<void(ArrayRef<int>)> fn) {
  SmallVector<int> assignment(numAxes, -1);
  while (true) {
    fn(assignment);
    unsigned axis = 0;
    while (axis < numAxes && ++assignment[axis] == int(numChoices)) {
      assignment[axis] = -1;
      ++axis;
    }
    if (axis == numAxes)
      return;
  }
}

/// The axes given to target `target` by `assignment`, in mesh order, and
/// how many parts they make.
static SmallVector<StringAttr> axesOf(MeshAttr mesh, ArrayRef<int> assignment,
                                      int target, int64_t &parts) {
  SmallVector<StringAttr> axes;
  parts = 1;
  for (auto [axis, to] : llvm::enumerate(assignment))
    if (to == target) {
      axes.push_back(mesh.getAxisNames()[axis]);
      parts *= mesh.getAxisSizes()[axis];
    }
  return axes;
}

/// True when `layout` is one the user's `annotation` allows: closed dims
/// exactly as written, open ones starting with the written axes, and no
/// axis the annotation replicates.
static bool allows(ShardingAttr annotation, ShardingAttr layout) {
  for (auto [wanted, got] : llvm::zip(annotation.getDims(), layout.getDims())) {
    ArrayRef<StringAttr> axes = got.getAxes();
    if (wanted.getClosed()
            ? axes != wanted.getAxes()
            : !llvm::equal(wanted.getAxes(),
                           axes.take_front(wanted.getAxes().size())))
      return false;
    for (StringAttr axis : annotation.getReplicated())
      if (llvm::is_contained(axes, axis))
        return false;
  }
  return true;
}

/// Every layout of a tensor of `type` with each axis on one dim or none,
/// dividing the dims evenly.
static SmallVector<ShardingAttr> enumerateLayouts(MeshAttr mesh,
                                                  FlatSymbolRefAttr meshRef,
                                                  RankedTensorType type) {
  SmallVector<ShardingAttr> layouts;
  unsigned rank = type.getRank();
  forEachAssignment(mesh.getAxisNames().size(), rank, [&](ArrayRef<int> to) {
    SmallVector<SmallVector<StringAttr>> dims;
    for (unsigned dim = 0; dim < rank; ++dim) {
      int64_t parts;
      dims.push_back(axesOf(mesh, to, dim, parts));
      if (type.getDimSize(dim) % parts)
        return;
    }
    layouts.push_back(closedLayout(meshRef, dims));
  });
  return layouts;
}

namespace {

class ProblemBuilder {
public:
  ProblemBuilder(FunctionOpInterface function, MeshOp mesh,
                 double flopsPerSecond)
      : function(function), meshOp(mesh), mesh(mesh.getMesh()),
        meshRef(FlatSymbolRefAttr::get(mesh.getSymNameAttr())),
        flopsPerSecond(flopsPerSecond) {}

  Problem build() {
    Block &body = function.getFunctionBody().front();
    for (BlockArgument arg : body.getArguments()) {
      auto type = dyn_cast<RankedTensorType>(arg.getType());
      if (!type)
        continue;
      Node node;
      node.arg = arg;
      ShardingAttr annotation = function.getArgAttrOfType<ShardingAttr>(
          arg.getArgNumber(), KilnDialect::kShardingAttrName);
      for (ShardingAttr layout : sourceLayouts(type, annotation))
        node.strategies.push_back(
            {{}, {layout}, 0, localBytes(mesh, type, layout)});
      addNode(std::move(node), arg);
    }
    for (Operation &op : body)
      addOp(&op);
    for (auto [consumer, node] : llvm::enumerate(problem.nodes))
      if (node.op)
        for (auto [operand, value] : llvm::enumerate(node.op->getOperands()))
          addEdge(consumer, operand, value);
    return std::move(problem);
  }

private:
  void addNode(Node node, ValueRange produced) {
    for (auto [index, value] : llvm::enumerate(produced))
      producers[value] = {problem.nodes.size(), index};
    problem.nodes.push_back(std::move(node));
  }

  /// Every layout the user's annotation (if any) allows; the annotation
  /// itself when none of the even ones does.
  SmallVector<ShardingAttr> sourceLayouts(RankedTensorType type,
                                          ShardingAttr annotation) {
    SmallVector<ShardingAttr> layouts;
    for (ShardingAttr layout : enumerateLayouts(mesh, meshRef, type))
      if (!annotation || allows(annotation, layout))
        layouts.push_back(layout);
    if (layouts.empty())
      layouts.push_back(layoutOf(annotation));
    return layouts;
  }

  void addOp(Operation *op) {
    if (isa<MeshOp>(op))
      return;
    Node node;
    node.op = op;
    auto annotation =
        op->getAttrOfType<ShardingPerValueAttr>(KilnDialect::kShardingAttrName);
    std::optional<OpShardingRule> rule = getShardingRule(op);
    bool tensors =
        llvm::all_of(op->getOperandTypes(),
                     [](Type type) { return isa<RankedTensorType>(type); }) &&
        llvm::all_of(op->getResultTypes(),
                     [](Type type) { return isa<RankedTensorType>(type); });
    if (auto constraint = dyn_cast<ShardingConstraintOp>(op)) {
      // The user's layout, whatever the input's: the edge into it prices
      // the reshard.
      ShardingAttr layout = layoutOf(constraint.getSharding());
      node.strategies.push_back(
          {{layout},
           {layout},
           0,
           localBytes(mesh, constraint.getType(), layout)});
    } else if (auto manual = dyn_cast<ManualComputationOp>(op)) {
      // The user's per-device code: its layouts are given.
      Strategy strategy;
      for (auto [index, input] : llvm::enumerate(manual.getInputs()))
        strategy.operands.push_back(layoutOf(manual.getInSharding(index)));
      for (auto [index, result] : llvm::enumerate(manual.getResults())) {
        strategy.results.push_back(layoutOf(manual.getOutSharding(index)));
        strategy.bytes +=
            localBytes(mesh, cast<RankedTensorType>(result.getType()),
                       strategy.results.back());
      }
      node.strategies.push_back(std::move(strategy));
    } else if (op->hasTrait<OpTrait::IsTerminator>()) {
      // The caller gets whole results unless the user asked otherwise: a
      // plan that leaves them split still pays for the gather.
      Strategy strategy = replicatedStrategy(op);
      for (auto [index, value] : llvm::enumerate(op->getOperands()))
        if (auto wanted = function.getResultAttrOfType<ShardingAttr>(
                index, KilnDialect::kShardingAttrName))
          strategy.operands[index] = layoutOf(wanted);
      node.strategies.push_back(std::move(strategy));
    } else if (node.isSource()) {
      // A constant (a weight, for imported models): laid out like an
      // argument.
      auto type = cast<RankedTensorType>(op->getResult(0).getType());
      ShardingAttr wanted = annotation && annotation.getShardings().size() == 1
                                ? annotation.getShardings()[0]
                                : ShardingAttr();
      for (ShardingAttr layout : sourceLayouts(type, wanted))
        node.strategies.push_back(
            {{}, {layout}, 0, localBytes(mesh, type, layout)});
    } else if (rule && tensors) {
      addStrategies(op, *rule, node);
      if (annotation) {
        SmallVector<Strategy> kept;
        for (Strategy &strategy : node.strategies)
          if (llvm::all_of(
                  llvm::zip(annotation.getShardings(), strategy.results),
                  [](auto pair) {
                    return allows(std::get<0>(pair), std::get<1>(pair));
                  }))
            kept.push_back(strategy);
        if (!kept.empty())
          node.strategies = std::move(kept);
      }
    }
    if (node.strategies.empty())
      node.strategies.push_back(replicatedStrategy(op));
    addNode(std::move(node), op->getResults());
  }

  /// Everything whole on every device: for ops without a rule.
  Strategy replicatedStrategy(Operation *op) {
    Strategy strategy;
    auto replicated = [&](Type type) -> ShardingAttr {
      auto tensor = dyn_cast<RankedTensorType>(type);
      if (!tensor)
        return {};
      return closedLayout(
          meshRef, SmallVector<SmallVector<StringAttr>>(tensor.getRank()));
    };
    for (Type type : op->getOperandTypes())
      strategy.operands.push_back(replicated(type));
    for (Type type : op->getResultTypes()) {
      strategy.results.push_back(replicated(type));
      if (auto tensor = dyn_cast<RankedTensorType>(type))
        strategy.bytes += localBytes(mesh, tensor, strategy.results.back());
    }
    return strategy;
  }

  /// One strategy per assignment of the axes to the factors that may be
  /// split (times the ways to scatter partial sums onto a result dim).
  void addStrategies(Operation *op, const OpShardingRule &rule, Node &node) {
    unsigned numFactors = rule.getNumFactors();
    SmallVector<bool> inResults(numFactors, false), minor(numFactors, false);
    for (auto [tensor, dims] : llvm::enumerate(rule.dims))
      for (ArrayRef<unsigned> factors : dims)
        for (auto [position, factor] : llvm::enumerate(factors)) {
          minor[factor] |= position > 0;
          inResults[factor] |= rule.isResult(tensor);
        }
    SmallVector<unsigned> eligible;
    for (unsigned f = 0; f < numFactors; ++f) {
      FactorKind kind = rule.factorKinds[f];
      if ((kind == FactorKind::PassThrough || kind == FactorKind::Reduction) &&
          !minor[f] && rule.factorSizes[f] > 1)
        eligible.push_back(f);
    }
    forEachAssignment(
        mesh.getAxisNames().size(), eligible.size(), [&](ArrayRef<int> to) {
          OpLayout layout;
          layout.factorAxes.resize(numFactors);
          for (auto [index, factor] : llvm::enumerate(eligible)) {
            int64_t parts;
            layout.factorAxes[factor] = axesOf(mesh, to, index, parts);
            if (rule.factorSizes[factor] % parts)
              return;
            if (!inResults[factor] &&
                rule.factorKinds[factor] == FactorKind::Reduction)
              llvm::append_range(layout.partialAxes, layout.factorAxes[factor]);
          }
          projectFactorAxes(rule, mesh, meshRef, layout);
          double compute = getComputeSeconds(op, rule, mesh, layout.factorAxes,
                                             flopsPerSecond);
          addReductions(op, layout, compute, node);
        });
  }

  /// The strategies of one factor assignment: results all-reduced, or
  /// (one result) the partial sums scattered onto one of its dims.
  void addReductions(Operation *op, const OpLayout &layout, double compute,
                     Node &node) {
    SmallVector<SmallVector<ShardingAttr>> finals;
    SmallVector<ShardingAttr> reduced;
    for (ShardingAttr result : layout.results)
      reduced.push_back(ShardingAttr::get(result.getContext(), result.getMesh(),
                                          result.getDims(), {}, {}));
    finals.push_back(reduced);
    if (!layout.partialAxes.empty() && op->getNumResults() == 1) {
      auto type = cast<RankedTensorType>(op->getResult(0).getType());
      int64_t partialParts = 1;
      for (StringAttr axis : layout.partialAxes)
        partialParts *= *mesh.getAxisSize(axis.getValue());
      SmallVector<int64_t> block =
          reduced[0].getLocalShape(mesh, type.getShape());
      for (unsigned dim = 0; dim < block.size(); ++dim) {
        if (block[dim] % partialParts)
          continue;
        SmallVector<SmallVector<StringAttr>> dims;
        for (DimShardingAttr d : reduced[0].getDims())
          dims.emplace_back(d.getAxes());
        llvm::append_range(dims[dim], layout.partialAxes);
        finals.push_back({closedLayout(meshRef, dims)});
      }
    }
    for (ArrayRef<ShardingAttr> results : finals) {
      Strategy strategy;
      strategy.operands = layout.operands;
      strategy.results.assign(results.begin(), results.end());
      strategy.seconds = compute;
      for (auto [index, value] : llvm::enumerate(op->getResults())) {
        auto type = cast<RankedTensorType>(value.getType());
        strategy.seconds +=
            planReshard(meshOp, type, layout.results[index], results[index])
                .getSeconds();
        strategy.bytes += localBytes(mesh, type, results[index]);
      }
      node.strategies.push_back(std::move(strategy));
    }
  }

  void addEdge(unsigned consumer, unsigned operand, Value value) {
    auto type = dyn_cast<RankedTensorType>(value.getType());
    auto found = producers.find(value);
    if (!type || found == producers.end())
      return;
    auto [producer, result] = found->second;
    Edge edge;
    edge.producer = producer;
    edge.consumer = consumer;
    SmallVector<ShardingAttr> from, to;
    auto classify = [](ShardingAttr layout,
                       SmallVectorImpl<ShardingAttr> &classes) {
      auto *it = llvm::find(classes, layout);
      if (it == classes.end()) {
        classes.push_back(layout);
        return unsigned(classes.size() - 1);
      }
      return unsigned(it - classes.begin());
    };
    for (const Strategy &strategy : problem.nodes[producer].strategies)
      edge.producerClass.push_back(classify(strategy.results[result], from));
    for (const Strategy &strategy : problem.nodes[consumer].strategies)
      edge.consumerClass.push_back(classify(operand < strategy.operands.size()
                                                ? strategy.operands[operand]
                                                : ShardingAttr(),
                                            to));
    bool anything = false;
    for (ShardingAttr source : from) {
      SmallVector<double> &row = edge.seconds.emplace_back();
      for (ShardingAttr target : to) {
        row.push_back(
            target ? planReshard(meshOp, type, source, target).getSeconds()
                   : 0.0);
        anything |= row.back() > 0;
      }
    }
    if (anything)
      problem.edges.push_back(std::move(edge));
  }

  FunctionOpInterface function;
  MeshOp meshOp;
  MeshAttr mesh;
  FlatSymbolRefAttr meshRef;
  double flopsPerSecond;
  Problem problem;
  llvm::DenseMap<Value, std::pair<unsigned, unsigned>> producers;
};

} // namespace

Problem autoshard::buildProblem(FunctionOpInterface function, MeshOp mesh,
                                double flopsPerSecond) {
  return ProblemBuilder(function, mesh, flopsPerSecond).build();
}
