//===- IntegerProgram.h - Mixed-integer linear programs ---------*- C++ -*-===//
//
// The one place Kiln talks to an integer-programming solver (COIN-OR CBC,
// Debian's coinor-libcbc-dev): rematerialization and auto-sharding build
// an IntegerProgram and read its answer. Without CBC at build time,
// isAvailable() is false and solve() says so.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_SOLVERS_INTEGERPROGRAM_H
#define KILN_SOLVERS_INTEGERPROGRAM_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/ArrayRef.h"

#include <chrono>
#include <limits>
#include <vector>

namespace mlir::kiln {

/// min objective . x subject to lower <= A x <= upper per row and bounds
/// per column, some columns integer.
class IntegerProgram {
public:
  static constexpr double kInfinity = std::numeric_limits<double>::infinity();

  /// Whether this build has a solver.
  static bool isAvailable();

  /// Adds a column and returns its index.
  int addColumn(double lower, double upper, double objective,
                bool integer = true);
  /// Adds the row lower <= sum_i values[i] * x[columns[i]] <= upper.
  void addRow(ArrayRef<int> columns, ArrayRef<double> values, double lower,
              double upper);
  /// Adds an empty row lower <= ... <= upper and returns its index, for
  /// programs built column by column (setCoefficient).
  int addRow(double lower, double upper);
  /// Sets the coefficient of `column` in `row`.
  void setCoefficient(int row, int column, double value);
  /// A feasible point to start the search from (a MIP start); columns not
  /// named are 0.
  void setStart(ArrayRef<int> columns, ArrayRef<double> values);

  int getNumColumns() const { return static_cast<int>(objective.size()); }
  int getNumRows() const { return static_cast<int>(rowLower.size()); }

  enum class Status {
    optimal,     ///< proven optimal
    feasible,    ///< the best found when the time ran out
    infeasible,  ///< proven to have no solution
    noSolution,  ///< none found within the time
    unavailable, ///< this build has no solver
  };
  struct Result {
    Status status = Status::unavailable;
    /// One value per column when a solution was found.
    std::vector<double> values;
    double objective = 0, bound = 0;
    bool hasSolution() const {
      return status == Status::optimal || status == Status::feasible;
    }
    /// (objective - bound) / objective, as a percentage.
    double gapPercent() const {
      return objective > 0 ? 100.0 * (objective - bound) / objective : 0.0;
    }
  };
  /// Solves within `seconds` counted from `started` (the caller's own set-up
  /// included), at least one second of search.
  Result solve(double seconds, std::chrono::steady_clock::time_point started =
                                   std::chrono::steady_clock::now()) const;

private:
  std::vector<double> columnLower, columnUpper, objective;
  std::vector<bool> integer;
  std::vector<double> rowLower, rowUpper;
  /// Row-wise entries: (row, column, value).
  struct Entry {
    int row, column;
    double value;
  };
  std::vector<Entry> entries;
  std::vector<int> startColumns;
  std::vector<double> startValues;
};

} // namespace mlir::kiln

#endif // KILN_SOLVERS_INTEGERPROGRAM_H
