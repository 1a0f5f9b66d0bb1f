//===- IntegerProgram.cpp - Mixed-integer linear programs over CBC --------===//

#include "kiln/Solvers/IntegerProgram.h"

#include <algorithm>

#ifdef KILN_HAVE_CBC
#include "coin/Cbc_C_Interface.h"
#endif

using namespace mlir;
using namespace mlir::kiln;

int IntegerProgram::addColumn(double lower, double upper, double cost,
                              bool isInteger) {
  columnLower.push_back(lower);
  columnUpper.push_back(upper);
  objective.push_back(cost);
  integer.push_back(isInteger);
  return getNumColumns() - 1;
}

void IntegerProgram::addRow(ArrayRef<int> columns, ArrayRef<double> values,
                            double lower, double upper) {
  int row = addRow(lower, upper);
  for (auto [column, value] : llvm::zip(columns, values))
    setCoefficient(row, column, value);
}

int IntegerProgram::addRow(double lower, double upper) {
  rowLower.push_back(lower);
  rowUpper.push_back(upper);
  return getNumRows() - 1;
}

void IntegerProgram::setCoefficient(int row, int column, double value) {
  entries.push_back({row, column, value});
}

void IntegerProgram::setStart(ArrayRef<int> columns, ArrayRef<double> values) {
  startColumns.assign(columns.begin(), columns.end());
  startValues.assign(values.begin(), values.end());
}

#ifndef KILN_HAVE_CBC

bool IntegerProgram::isAvailable() { return false; }

IntegerProgram::Result
IntegerProgram::solve(double, std::chrono::steady_clock::time_point) const {
  return {};
}

#else

bool IntegerProgram::isAvailable() { return true; }

IntegerProgram::Result
IntegerProgram::solve(double seconds,
                      std::chrono::steady_clock::time_point started) const {
  // Column-major (CSC) for Cbc_loadProblem, rows in order within a column.
  std::vector<Entry> byColumn = entries;
  std::stable_sort(
      byColumn.begin(), byColumn.end(),
      [](const Entry &a, const Entry &b) { return a.column < b.column; });
  std::vector<int> starts{0}, rows;
  std::vector<double> values;
  size_t at = 0;
  for (int column = 0; column < getNumColumns(); ++column) {
    for (; at < byColumn.size() && byColumn[at].column == column; ++at) {
      rows.push_back(byColumn[at].row);
      values.push_back(byColumn[at].value);
    }
    starts.push_back(static_cast<int>(rows.size()));
  }
  Cbc_Model *model = Cbc_newModel();
  Cbc_setLogLevel(model, 0);
  Cbc_loadProblem(model, getNumColumns(), getNumRows(), starts.data(),
                  rows.data(), values.data(), columnLower.data(),
                  columnUpper.data(), objective.data(), rowLower.data(),
                  rowUpper.data());
  for (int column = 0; column < getNumColumns(); ++column)
    if (integer[column])
      Cbc_setInteger(model, column);
  if (!startColumns.empty())
    Cbc_setMIPStartI(model, static_cast<int>(startColumns.size()),
                     startColumns.data(), startValues.data());
  double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count();
  Cbc_setMaximumSeconds(model, std::max(1.0, seconds - elapsed));
  Cbc_solve(model);
  Result result;
  const double *solution = Cbc_bestSolution(model);
  if (Cbc_isProvenInfeasible(model))
    result.status = Status::infeasible;
  else if (!solution)
    result.status = Status::noSolution;
  else {
    result.status =
        Cbc_isProvenOptimal(model) ? Status::optimal : Status::feasible;
    result.values.assign(solution, solution + getNumColumns());
    result.objective = Cbc_getObjValue(model);
    result.bound = Cbc_getBestPossibleObjValue(model);
  }
  Cbc_deleteModel(model);
  return result;
}

#endif // KILN_HAVE_CBC
