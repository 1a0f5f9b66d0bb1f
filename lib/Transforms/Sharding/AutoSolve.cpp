//===- AutoSolve.cpp - Pick one strategy per node -------------------------===//
//
// The 0-1 program of kiln-shard-auto (after Alpa's intra-operator pass):
// x[n][s] = 1 when node n runs strategy s, one per node; each edge's cost
// is linearized over the pairs of layout classes at its two ends by
// continuous e[a][b] >= 0 with sum_b e[a][b] = sum of x over class a and
// sum_a e[a][b] = sum of x over class b (a transportation polytope, tight
// for 0-1 x). The objective is seconds, plus one microsecond per MiB a
// device holds so that equally fast plans prefer the smaller one. The
// greedy solver picks in program order and then improves node by node;
// its answer starts CBC.
//
//===----------------------------------------------------------------------===//

#include "AutoSharding.h"

#include "llvm/Support/FormatVariadic.h"

#include "kiln/Solvers/IntegerProgram.h"

#include <chrono>
#include <limits>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::autoshard;

/// The tie-break weight of a byte, in seconds: 1 us per MiB.
static constexpr double kSecondsPerByte = 1e-6 / (1 << 20);

static double nodeCost(const Strategy &strategy) {
  return strategy.seconds + strategy.bytes * kSecondsPerByte;
}

double autoshard::evaluate(const Problem &problem, ArrayRef<unsigned> choice) {
  double total = 0;
  for (auto [node, chosen] : llvm::zip(problem.nodes, choice))
    total += node.strategies[chosen].seconds;
  for (const Edge &edge : problem.edges)
    total += edge.seconds[edge.producerClass[choice[edge.producer]]]
                         [edge.consumerClass[choice[edge.consumer]]];
  return total;
}

int64_t autoshard::memoryOf(const Problem &problem, ArrayRef<unsigned> choice) {
  int64_t bytes = 0;
  for (auto [node, chosen] : llvm::zip(problem.nodes, choice))
    bytes += node.strategies[chosen].bytes;
  return bytes;
}

Solution autoshard::solveGreedy(const Problem &problem) {
  unsigned numNodes = problem.nodes.size();
  SmallVector<SmallVector<unsigned>> inEdges(numNodes), outEdges(numNodes);
  for (auto [index, edge] : llvm::enumerate(problem.edges)) {
    inEdges[edge.consumer].push_back(index);
    outEdges[edge.producer].push_back(index);
  }
  Solution solution;
  solution.choice.assign(numNodes, 0);
  SmallVector<bool> decided(numNodes, false);
  // The cost of node n running s, with the neighbours decided so far.
  auto costOf = [&](unsigned n, unsigned s) {
    double cost = nodeCost(problem.nodes[n].strategies[s]);
    for (unsigned e : inEdges[n]) {
      const Edge &edge = problem.edges[e];
      if (decided[edge.producer])
        cost += edge.seconds[edge.producerClass[solution.choice[edge.producer]]]
                            [edge.consumerClass[s]];
    }
    for (unsigned e : outEdges[n]) {
      const Edge &edge = problem.edges[e];
      if (decided[edge.consumer])
        cost +=
            edge.seconds[edge.producerClass[s]]
                        [edge.consumerClass[solution.choice[edge.consumer]]];
    }
    return cost;
  };
  auto pick = [&](unsigned n) {
    unsigned best = solution.choice[n];
    double bestCost =
        decided[n] ? costOf(n, best) : std::numeric_limits<double>::infinity();
    for (unsigned s = 0, e = problem.nodes[n].strategies.size(); s < e; ++s) {
      double cost = costOf(n, s);
      if (cost < bestCost - 1e-15) {
        best = s;
        bestCost = cost;
      }
    }
    bool changed = !decided[n] || best != solution.choice[n];
    solution.choice[n] = best;
    decided[n] = true;
    return changed;
  };
  // Ops in program order first (they carry the compute), then the
  // arguments and constants they read, which follow the ops' choices.
  for (unsigned n = 0; n < numNodes; ++n)
    if (!problem.nodes[n].isSource())
      pick(n);
  for (unsigned n = 0; n < numNodes; ++n)
    if (!decided[n])
      pick(n);
  for (int round = 0; round < 8; ++round) {
    bool changed = false;
    for (unsigned n = 0; n < numNodes; ++n)
      changed |= pick(n);
    if (!changed)
      break;
  }
  solution.objective = evaluate(problem, solution.choice);
  solution.solver = "greedy";
  return solution;
}

std::optional<Solution> autoshard::solveMilp(const Problem &problem,
                                             double seconds,
                                             int64_t memoryBudget,
                                             const Solution &start,
                                             std::string &why) {
  if (!IntegerProgram::isAvailable()) {
    why = "kiln was built without COIN-OR CBC";
    return std::nullopt;
  }
  auto started = std::chrono::steady_clock::now();
  IntegerProgram program;
  // Objective in microseconds: CBC's tolerances are absolute.
  constexpr double kScale = 1e6;
  SmallVector<unsigned> first;
  for (const Node &node : problem.nodes) {
    first.push_back(program.getNumColumns());
    for (const Strategy &strategy : node.strategies)
      program.addColumn(0, 1, nodeCost(strategy) * kScale);
  }
  int numStrategies = program.getNumColumns();
  for (auto [index, node] : llvm::enumerate(problem.nodes)) {
    SmallVector<int> columns;
    for (unsigned s = 0; s < node.strategies.size(); ++s)
      columns.push_back(first[index] + s);
    SmallVector<double> ones(columns.size(), 1.0);
    program.addRow(columns, ones, 1, 1);
  }
  for (const Edge &edge : problem.edges) {
    unsigned numFrom = edge.seconds.size(), numTo = edge.seconds[0].size();
    int base = program.getNumColumns();
    for (unsigned a = 0; a < numFrom; ++a)
      for (unsigned b = 0; b < numTo; ++b)
        program.addColumn(0, 1, edge.seconds[a][b] * kScale,
                          /*integer=*/false);
    // sum_b e[a][b] = sum of the producer's x in class a, and the same for
    // the consumer's classes.
    auto addBalance = [&](unsigned node, ArrayRef<unsigned> classes,
                          unsigned cls, bool producerSide) {
      SmallVector<int> columns;
      SmallVector<double> values;
      if (producerSide)
        for (unsigned b = 0; b < numTo; ++b)
          columns.push_back(base + cls * numTo + b);
      else
        for (unsigned a = 0; a < numFrom; ++a)
          columns.push_back(base + a * numTo + cls);
      values.assign(columns.size(), 1.0);
      for (auto [s, c] : llvm::enumerate(classes))
        if (c == cls) {
          columns.push_back(first[node] + s);
          values.push_back(-1.0);
        }
      program.addRow(columns, values, 0, 0);
    };
    for (unsigned a = 0; a < numFrom; ++a)
      addBalance(edge.producer, edge.producerClass, a, true);
    for (unsigned b = 0; b < numTo; ++b)
      addBalance(edge.consumer, edge.consumerClass, b, false);
  }
  if (memoryBudget >= 0) {
    SmallVector<int> columns;
    SmallVector<double> values;
    for (auto [index, node] : llvm::enumerate(problem.nodes))
      for (auto [s, strategy] : llvm::enumerate(node.strategies))
        if (strategy.bytes) {
          columns.push_back(first[index] + s);
          values.push_back(double(strategy.bytes));
        }
    program.addRow(columns, values, -IntegerProgram::kInfinity,
                   double(memoryBudget));
  }
  if (memoryBudget < 0 || memoryOf(problem, start.choice) <= memoryBudget) {
    SmallVector<int> columns;
    SmallVector<double> values;
    for (auto [index, chosen] : llvm::enumerate(start.choice)) {
      columns.push_back(first[index] + chosen);
      values.push_back(1.0);
    }
    program.setStart(columns, values);
  }
  IntegerProgram::Result result = program.solve(seconds, started);
  if (!result.hasSolution()) {
    why = result.status == IntegerProgram::Status::infeasible
              ? "no plan fits the memory budget"
              : llvm::formatv("no solution within {0} s", seconds).str();
    return std::nullopt;
  }
  const std::vector<double> &values = result.values;
  Solution solution;
  for (auto [index, node] : llvm::enumerate(problem.nodes)) {
    unsigned best = 0;
    for (unsigned s = 1; s < node.strategies.size(); ++s)
      if (values[first[index] + s] > values[first[index] + best])
        best = s;
    solution.choice.push_back(best);
  }
  solution.objective = evaluate(problem, solution.choice);
  int numColumns = program.getNumColumns();
  solution.solver =
      result.status == IntegerProgram::Status::optimal
          ? llvm::formatv("milp (optimal; {0} strategies, {1} edge "
                          "variables)",
                          numStrategies, numColumns - numStrategies)
                .str()
          : llvm::formatv("milp (time limit; gap {0:f1}%; {1} strategies, "
                          "{2} edge variables)",
                          result.gapPercent(), numStrategies,
                          numColumns - numStrategies)
                .str();
  return solution;
}
