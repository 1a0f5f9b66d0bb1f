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

#ifdef KILN_HAVE_CBC
#include "coin/Cbc_C_Interface.h"
#endif

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

int64_t autoshard::memoryOf(const Problem &problem,
                            ArrayRef<unsigned> choice) {
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
        cost += edge.seconds[edge.producerClass[s]]
                            [edge.consumerClass[solution.choice[edge.consumer]]];
    }
    return cost;
  };
  auto pick = [&](unsigned n) {
    unsigned best = solution.choice[n];
    double bestCost = decided[n] ? costOf(n, best)
                                 : std::numeric_limits<double>::infinity();
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

#ifndef KILN_HAVE_CBC

std::optional<Solution> autoshard::solveMilp(const Problem &, double, int64_t,
                                             const Solution &,
                                             std::string &why) {
  why = "kiln was built without COIN-OR CBC";
  return std::nullopt;
}

#else

namespace {
struct Cbc {
  Cbc_Model *model = Cbc_newModel();
  ~Cbc() { Cbc_deleteModel(model); }
};
} // namespace

std::optional<Solution> autoshard::solveMilp(const Problem &problem,
                                             double seconds,
                                             int64_t memoryBudget,
                                             const Solution &start,
                                             std::string &why) {
  auto started = std::chrono::steady_clock::now();
  Cbc cbc;
  Cbc_Model *model = cbc.model;
  Cbc_setLogLevel(model, 0);
  // Objective in microseconds: CBC's tolerances are absolute.
  constexpr double kScale = 1e6;
  SmallVector<unsigned> first;
  int numColumns = 0;
  for (const Node &node : problem.nodes) {
    first.push_back(numColumns);
    for (const Strategy &strategy : node.strategies) {
      Cbc_addCol(model, "", 0, 1, nodeCost(strategy) * kScale, 1, 0, nullptr,
                 nullptr);
      ++numColumns;
    }
  }
  int numStrategies = numColumns;
  for (auto [index, node] : llvm::enumerate(problem.nodes)) {
    SmallVector<int> columns;
    for (unsigned s = 0; s < node.strategies.size(); ++s)
      columns.push_back(first[index] + s);
    SmallVector<double> ones(columns.size(), 1.0);
    Cbc_addRow(model, "", columns.size(), columns.data(), ones.data(), 'E',
               1);
  }
  for (const Edge &edge : problem.edges) {
    unsigned numFrom = edge.seconds.size(), numTo = edge.seconds[0].size();
    int base = numColumns;
    for (unsigned a = 0; a < numFrom; ++a)
      for (unsigned b = 0; b < numTo; ++b) {
        Cbc_addCol(model, "", 0, 1, edge.seconds[a][b] * kScale, 0, 0,
                   nullptr, nullptr);
        ++numColumns;
      }
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
      Cbc_addRow(model, "", columns.size(), columns.data(), values.data(),
                 'E', 0);
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
    Cbc_addRow(model, "", columns.size(), columns.data(), values.data(), 'L',
               double(memoryBudget));
  }
  if (memoryBudget < 0 || memoryOf(problem, start.choice) <= memoryBudget) {
    SmallVector<int> columns;
    SmallVector<double> values;
    for (auto [index, chosen] : llvm::enumerate(start.choice)) {
      columns.push_back(first[index] + chosen);
      values.push_back(1.0);
    }
    Cbc_setMIPStartI(model, columns.size(), columns.data(), values.data());
  }
  double elapsed = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - started)
                       .count();
  Cbc_setMaximumSeconds(model, std::max(1.0, seconds - elapsed));
  Cbc_solve(model);
  const double *values = Cbc_bestSolution(model);
  if (!values || Cbc_isProvenInfeasible(model)) {
    why = Cbc_isProvenInfeasible(model)
              ? "no plan fits the memory budget"
              : llvm::formatv("no solution within {0} s", seconds).str();
    return std::nullopt;
  }
  Solution solution;
  for (auto [index, node] : llvm::enumerate(problem.nodes)) {
    unsigned best = 0;
    for (unsigned s = 1; s < node.strategies.size(); ++s)
      if (values[first[index] + s] > values[first[index] + best])
        best = s;
    solution.choice.push_back(best);
  }
  solution.objective = evaluate(problem, solution.choice);
  double objective = Cbc_getObjValue(model),
         bound = Cbc_getBestPossibleObjValue(model);
  solution.solver =
      Cbc_isProvenOptimal(model)
          ? llvm::formatv("milp (optimal; {0} strategies, {1} edge "
                          "variables)",
                          numStrategies, numColumns - numStrategies)
                .str()
          : llvm::formatv("milp (time limit; gap {0:f1}%; {1} strategies, "
                          "{2} edge variables)",
                          objective > 0 ? 100.0 * (objective - bound) /
                                              objective
                                        : 0.0,
                          numStrategies, numColumns - numStrategies)
                .str();
  return solution;
}

#endif // KILN_HAVE_CBC
