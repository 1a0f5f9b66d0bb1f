//===- ShardExplain.cpp - The kiln-shard-explain pass ---------------------===//
//
// Propagates like kiln-shard-propagate, then reports where every sharding
// came from, which conflicts were settled, and what communication the
// partitioned program will need, priced by the mesh's cost model.
//
//===----------------------------------------------------------------------===//

#include "kiln/Transforms/Passes.h"
#include "kiln/Transforms/Sharding/OpLayout.h"
#include "kiln/Transforms/Sharding/PlanCost.h"
#include "kiln/Transforms/Sharding/Propagation.h"
#include "kiln/Transforms/Sharding/Reshard.h"

#include "../Report/ReportFormat.h"

#include "mlir/IR/AsmState.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_SHARDEXPLAINPASS
#include "kiln/Transforms/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// Writes the report of one function.
class Explainer {
public:
  Explainer(FunctionOpInterface function,
            const ShardingPropagation &propagation, double flopsPerSecond,
            llvm::raw_ostream &os)
      : function(function), propagation(propagation),
        flopsPerSecond(flopsPerSecond), os(os), asmState(function) {}

  const PlanCost &getCost() const { return cost; }

  void report() {
    MeshOp mesh = propagation.getMesh();
    os << "kiln shard explain: @" << function.getName() << " on @"
       << mesh.getSymName() << " ";
    printerless();
    os << "\n";
    reportValues();
    reportConflicts();
    reportCommunication();
  }

private:
  /// The mesh attribute's body, printed without an AsmPrinter.
  llvm::raw_ostream &printerless() {
    MeshAttr mesh = propagation.getMesh().getMesh();
    os << "[";
    llvm::interleaveComma(llvm::zip(mesh.getAxisNames(), mesh.getAxisSizes()),
                          os, [&](auto axis) {
                            os << std::get<0>(axis) << "=" << std::get<1>(axis);
                          });
    return os << "]";
  }

  std::string name(Value value) {
    std::string text;
    llvm::raw_string_ostream stream(text);
    value.printAsOperand(stream, asmState);
    return text;
  }

  std::string layout(Value value) {
    return formatLayout(propagation.getSharding(value));
  }
  void describeValue(Value value, StringRef what) {
    auto type = cast<RankedTensorType>(value.getType());
    os << "  " << what << " : " << type << " " << layout(value);
    int64_t bytes = localBytes(propagation.getMesh().getMesh(), type,
                               propagation.getSharding(value));
    cost.valueBytes += bytes;
    os << ", " << humanBytes(bytes) << " per device\n";
    const ValueSharding *state = propagation.lookup(value);
    if (!state)
      return;
    for (auto [index, dim] : llvm::enumerate(state->dims)) {
      if (dim.axes.empty() && !dim.closed)
        continue;
      os << "    dim " << index << " {";
      llvm::interleaveComma(dim.axes, os, [&](StringAttr axis) { os << axis; });
      os << "}";
      switch (dim.origin.kind) {
      case DimOrigin::None:
        os << ": open, nothing reached it\n";
        break;
      case DimOrigin::Annotation:
        os << ": annotated" << (dim.axes.empty() ? " replicated" : "")
           << (dim.closed ? "" : " (open)") << "\n";
        break;
      case DimOrigin::Forward:
      case DimOrigin::Backward:
        os << ": "
           << (dim.origin.kind == DimOrigin::Forward ? "forward" : "backward")
           << " from the annotation of " << name(dim.origin.source)
           << " through '" << dim.origin.via->getName() << "' at "
           << formatLocation(dim.origin.via->getLoc()) << "\n";
        break;
      }
    }
  }

  void reportValues() {
    os << "values:\n";
    Block &body = function.getFunctionBody().front();
    for (BlockArgument arg : body.getArguments())
      if (isa<RankedTensorType>(arg.getType()))
        describeValue(arg, name(arg) + " (argument " +
                               std::to_string(arg.getArgNumber()) + ")");
    for (Operation &op : body.without_terminator())
      for (Value result : op.getResults())
        if (isa<RankedTensorType>(result.getType()))
          describeValue(result, name(result) + " = " +
                                    op.getName().getStringRef().str() + " (" +
                                    formatLocation(op.getLoc()) + ")");
  }

  void reportConflicts() {
    ArrayRef<ShardingConflict> conflicts = propagation.getConflicts();
    os << "conflicts: " << (conflicts.empty() ? "none" : "") << "\n";
    for (const ShardingConflict &conflict : conflicts)
      os << "  " << formatLocation(conflict.op->getLoc()) << " "
         << conflict.text << "\n";
  }

  void reportStep(Operation *op, StringRef what, ShardingAttr from,
                  ShardingAttr to, RankedTensorType type) {
    ReshardPlan plan = planReshard(propagation.getMesh(), type, from, to);
    if (plan.steps.empty())
      return;
    os << "  " << formatLocation(op->getLoc()) << " '" << op->getName() << "' "
       << what << ": " << formatLayout(from) << " -> " << formatLayout(to)
       << ": " << plan.describe();
    if (!plan.isFree())
      os << llvm::formatv("; {0} us", plan.getSeconds() * 1e6);
    os << "\n";
    cost.commBytes += plan.getBytes();
    cost.commSeconds += plan.getSeconds();
    for (const ReshardStep &step : plan.steps)
      if (step.kind != CollectiveKind::LocalSlice)
        ++cost.collectives;
  }

  /// A sharded window dim (convolution, pooling): each device trades the
  /// rows its windows overlap with its neighbours.
  void reportHalo(Operation *op, const OpShardingRule &rule,
                  const OpLayout &layout) {
    if (!llvm::is_contained(rule.factorKinds, FactorKind::Window))
      return;
    auto input = cast<RankedTensorType>(op->getOperand(0).getType());
    MeshOp mesh = propagation.getMesh();
    for (auto [dim, factors] : llvm::enumerate(rule.dims[0])) {
      int64_t halo = getWindowHalo(op, dim);
      if (factors.empty() || halo == 0 ||
          rule.factorKinds[factors.front()] != FactorKind::Window)
        continue;
      ArrayRef<StringAttr> axes = layout.factorAxes[factors.front()];
      if (axes.empty())
        continue;
      ShardingAttr local = layout.operands[0];
      SmallVector<int64_t> block =
          local.getLocalShape(mesh.getMesh(), input.getShape());
      int64_t rowBytes = localBytes(mesh.getMesh(), input, local) /
                         std::max<int64_t>(block[dim], 1);
      double time = 0;
      for (StringAttr axis : axes) {
        unsigned index = llvm::find(mesh.getMesh().getAxisNames(), axis) -
                         mesh.getMesh().getAxisNames().begin();
        auto [alpha, beta] = mesh.getAxisCost(index);
        time += 2 * alpha + halo * rowBytes * beta;
      }
      os << "  " << formatLocation(op->getLoc()) << " '" << op->getName()
         << "' halo exchange of " << halo << " rows of dim " << dim
         << " with the neighbours over {";
      llvm::interleaveComma(axes, os, [&](StringAttr axis) { os << axis; });
      os << "} (" << humanBytes(halo * rowBytes)
         << llvm::formatv("); {0} us\n", time * 1e6);
      cost.commBytes += halo * rowBytes;
      cost.commSeconds += time;
      ++cost.collectives;
    }
  }

  void reportCommunication() {
    os << "communication (per device):\n";
    Block &body = function.getFunctionBody().front();
    for (Operation &op : body.without_terminator()) {
      std::optional<OpShardingRule> rule = getShardingRule(&op);
      if (!rule || isa<ShardingConstraintOp>(op)) {
        if (auto constraint = dyn_cast<ShardingConstraintOp>(op))
          reportStep(&op, "constraint on " + name(constraint.getInput()),
                     layoutOf(propagation.getSharding(constraint.getInput())),
                     layoutOf(constraint.getSharding()), constraint.getType());
        if (auto manual = dyn_cast<ManualComputationOp>(op))
          for (auto [index, input] : llvm::enumerate(manual.getInputs()))
            reportStep(&op,
                       "operand " + std::to_string(index) + " (" + name(input) +
                           ")",
                       layoutOf(propagation.getSharding(input)),
                       layoutOf(manual.getInSharding(index)),
                       cast<RankedTensorType>(input.getType()));
        continue;
      }
      SmallVector<ShardingAttr> operands, results;
      for (Value operand : op.getOperands())
        operands.push_back(propagation.getSharding(operand));
      for (Value result : op.getResults())
        results.push_back(propagation.getSharding(result));
      OpLayout opLayout =
          chooseOpLayout(&op, *rule, propagation.getMesh(), operands, results);
      cost.computeSeconds +=
          getComputeSeconds(&op, *rule, propagation.getMesh().getMesh(),
                            opLayout.factorAxes, flopsPerSecond);
      for (auto [index, operand] : llvm::enumerate(op.getOperands()))
        reportStep(&op,
                   "operand " + std::to_string(index) + " (" + name(operand) +
                       ")",
                   layoutOf(operands[index]), opLayout.operands[index],
                   cast<RankedTensorType>(operand.getType()));
      reportHalo(&op, *rule, opLayout);
      for (auto [index, result] : llvm::enumerate(op.getResults()))
        reportStep(&op, "result " + name(result), opLayout.results[index],
                   layoutOf(results[index]),
                   cast<RankedTensorType>(result.getType()));
    }
    Operation *terminator = body.getTerminator();
    for (auto [index, returned] : llvm::enumerate(terminator->getOperands()))
      if (auto wanted = function.getResultAttrOfType<ShardingAttr>(
              index, KilnDialect::kShardingAttrName))
        if (isa<RankedTensorType>(returned.getType()))
          reportStep(
              terminator,
              "result " + std::to_string(index) + " (" + name(returned) + ")",
              layoutOf(propagation.getSharding(returned)), layoutOf(wanted),
              cast<RankedTensorType>(returned.getType()));
    os << llvm::formatv("total: {0} collective{1}, {2} and {3} us per device\n",
                        cost.collectives, cost.collectives == 1 ? "" : "s",
                        humanBytes(cost.commBytes), cost.commSeconds * 1e6);
    os << llvm::formatv("estimated: {0:f1} us per device (compute {1:f1} us "
                        "at {2} GFLOP/s + communication {3:f1} us); values "
                        "{4} per device\n",
                        cost.getSeconds() * 1e6, cost.computeSeconds * 1e6,
                        flopsPerSecond / 1e9, cost.commSeconds * 1e6,
                        humanBytes(cost.valueBytes));
  }

  FunctionOpInterface function;
  const ShardingPropagation &propagation;
  double flopsPerSecond;
  llvm::raw_ostream &os;
  AsmState asmState;
  PlanCost cost;
};

} // namespace

PlanCost mlir::kiln::explainPlan(FunctionOpInterface function,
                                 const ShardingPropagation &propagation,
                                 double flopsPerSecond, llvm::raw_ostream *os) {
  Explainer explainer(function, propagation, flopsPerSecond,
                      os ? *os : llvm::nulls());
  explainer.report();
  return explainer.getCost();
}

namespace {

struct ShardExplainPass : kiln::impl::ShardExplainPassBase<ShardExplainPass> {
  using ShardExplainPassBase::ShardExplainPassBase;

  void runOnOperation() override {
    ReportOutput output;
    if (failed(output.open(reportFile, getOperation(), "sharding report")))
      return signalPassFailure();
    llvm::raw_ostream &os = output.os();
    for (auto function : getOperation().getOps<FunctionOpInterface>()) {
      ShardingPropagation propagation(function);
      if (failed(propagation.run()))
        return signalPassFailure();
      if (!propagation.getMesh())
        continue;
      explainPlan(function, propagation, deviceGflops * 1e9, &os);
      propagation.apply();
    }
    if (failed(output.keep(getOperation())))
      return signalPassFailure();
  }
};

} // namespace
