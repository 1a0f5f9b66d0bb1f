//===- AutoSharding.h - The choice problem of kiln-shard-auto ---*- C++ -*-===//
//
// kiln-shard-auto's model of a function: a node per op (and per tensor
// argument), each with the strategies it may run in, and an edge per use
// of a tensor, priced for every pair of producer and consumer layouts.
// AutoStrategies.cpp builds it, AutoSolve.cpp picks one strategy per node.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_TRANSFORMS_SHARDING_AUTOSHARDING_H
#define KILN_LIB_TRANSFORMS_SHARDING_AUTOSHARDING_H

#include "kiln/KilnOps.h"

#include "mlir/Interfaces/FunctionInterfaces.h"

#include <optional>
#include <string>

namespace mlir::kiln::autoshard {

/// One way to run a node.
struct Strategy {
  /// The closed layout each operand must have; null where any will do.
  SmallVector<ShardingAttr> operands;
  /// The closed layout each result ends in (after any reduction).
  SmallVector<ShardingAttr> results;
  /// Compute and reduction time, in seconds.
  double seconds = 0;
  /// Per-device bytes of the results.
  int64_t bytes = 0;
};

/// An op, or a tensor argument of the function (`op` null).
struct Node {
  Operation *op = nullptr;
  BlockArgument arg;
  SmallVector<Strategy> strategies;

  /// An argument or a constant (a weight): laid out, not computed.
  bool isSource() const {
    return !op || (op->getNumOperands() == 0 && op->getNumResults() == 1 &&
                   isa<RankedTensorType>(op->getResult(0).getType()));
  }
  /// The tensor a source lays out.
  Value getSourceValue() const {
    return op ? Value(op->getResult(0)) : Value(arg);
  }
};

/// A use of result `result` of node `producer` as operand `operand` of
/// node `consumer`. Strategies with equal layouts of the tensor are
/// grouped into classes; `seconds[a][b]` is the reshard from producer
/// class `a` to consumer class `b`.
struct Edge {
  unsigned producer, consumer;
  SmallVector<unsigned> producerClass, consumerClass;
  SmallVector<SmallVector<double>> seconds;
};

struct Problem {
  SmallVector<Node> nodes;
  SmallVector<Edge> edges;
};

/// Builds the problem for `function` on `mesh`, at `flopsPerSecond`.
Problem buildProblem(FunctionOpInterface function, MeshOp mesh,
                     double flopsPerSecond);

/// The chosen strategy of every node, and how it was found.
struct Solution {
  SmallVector<unsigned> choice;
  std::string solver;
  double objective = 0;
};

/// Total seconds of `choice` (strategies plus edges).
double evaluate(const Problem &problem, ArrayRef<unsigned> choice);
/// Per-device bytes of `choice`, all values together.
int64_t memoryOf(const Problem &problem, ArrayRef<unsigned> choice);

/// Greedy choice in program order, then rounds of local improvement.
Solution solveGreedy(const Problem &problem);
/// The 0-1 program (CBC); std::nullopt with `why` set when it is not
/// built in or finds no solution. `memoryBudget` < 0: none.
std::optional<Solution> solveMilp(const Problem &problem, double seconds,
                                  int64_t memoryBudget, const Solution &start,
                                  std::string &why);

} // namespace mlir::kiln::autoshard

#endif // KILN_LIB_TRANSFORMS_SHARDING_AUTOSHARDING_H
