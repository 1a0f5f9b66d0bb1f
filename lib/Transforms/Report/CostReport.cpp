//===- CostReport.cpp - The --kiln-cost-report pass -----------------------===//
//
// Prints, per function, the cost model's totals and its most expensive ops.
//
//===----------------------------------------------------------------------===//

#include "ReportFormat.h"
#include "kiln/Analysis/CostModel.h"
#include "kiln/KilnOps.h"
#include "kiln/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_COSTREPORTPASS
#include "kiln/Transforms/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

namespace {

struct CostReportPass : kiln::impl::CostReportPassBase<CostReportPass> {
  using CostReportPassBase::CostReportPassBase;

  void runOnOperation() override {
    ReportOutput output;
    if (failed(output.open(reportFile, getOperation(), "cost report")))
      return signalPassFailure();
    llvm::raw_ostream &os = output.os();
    getOperation().walk([&](func::FuncOp func) { report(func, os); });
    if (failed(output.keep(getOperation())))
      return signalPassFailure();
    markAllAnalysesPreserved();
  }

  void report(func::FuncOp func, llvm::raw_ostream &os) {
    struct Entry {
      Operation *op;
      OpCost cost;
      size_t order;
    };
    SmallVector<Entry> entries;
    OpCost total;
    func.walk([&](Operation *op) {
      if (op == func.getOperation() || !isa<KilnDialect>(op->getDialect()))
        return;
      OpCost cost = estimateCost(op);
      total.flops += cost.flops;
      total.bytes += cost.bytes;
      entries.push_back({op, cost, entries.size()});
    });
    // Most FLOPs first; ties keep program order.
    llvm::sort(entries, [](const Entry &a, const Entry &b) {
      return std::make_pair(-a.cost.flops, a.order) <
             std::make_pair(-b.cost.flops, b.order);
    });
    os << llvm::formatv("kiln cost report: @{0}: {1} kiln ops, {2}FLOP, "
                        "{3}B moved\n",
                        func.getSymName(), entries.size(),
                        humanCount(total.flops), humanCount(total.bytes));
    for (const Entry &entry : llvm::ArrayRef(entries).take_front(top)) {
      double share = total.flops ? 100.0 * entry.cost.flops / total.flops : 0;
      os << llvm::formatv("  {0,-22} {1,12}FLOP {2,6:f1}% {3,12}B  {4}\n",
                          entry.op->getName().getStringRef(),
                          humanCount(entry.cost.flops), share,
                          humanCount(entry.cost.bytes),
                          formatLocation(entry.op->getLoc()));
    }
  }
};

} // namespace
