//===- ShardFromUpstream.cpp - The kiln-shard-from-upstream pass ----------===//
//
// Converts upstream `shard` grids and `shard.shard` annotations into
// kiln.mesh symbols and kiln.sharding_constraint ops (see Passes.td).
//
//===----------------------------------------------------------------------===//

#include "kiln/KilnOps.h"
#include "kiln/Transforms/Passes.h"

#include "mlir/Dialect/Shard/IR/ShardOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_SHARDFROMUPSTREAMPASS
#include "kiln/Transforms/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

/// The name Kiln gives upstream grid axis `index`.
static StringAttr axisName(MLIRContext *context, int64_t index) {
  return StringAttr::get(context, "axis" + std::to_string(index));
}

namespace {
struct ShardFromUpstreamPass
    : kiln::impl::ShardFromUpstreamPassBase<ShardFromUpstreamPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = module.getContext();
    bool failed = false;

    // Annotations first: each shard.shard becomes a constraint.
    SmallVector<shard::ShardOp> annotations;
    module.walk([&](shard::ShardOp op) { annotations.push_back(op); });
    for (shard::ShardOp op : annotations) {
      auto sharding = op.getSharding().getDefiningOp<shard::ShardingOp>();
      if (!sharding) {
        op.emitError("cannot import a shard.shard whose sharding is not "
                     "defined by shard.sharding");
        failed = true;
        continue;
      }
      if (!sharding.getStaticHaloSizes().empty() ||
          !sharding.getDynamicHaloSizes().empty() ||
          !sharding.getStaticShardedDimsOffsets().empty() ||
          !sharding.getDynamicShardedDimsOffsets().empty()) {
        sharding.emitError("cannot import explicit halo sizes or shard "
                           "offsets: Kiln derives halos from the ops and "
                           "pads uneven dims itself");
        failed = true;
        continue;
      }
      auto type = dyn_cast<RankedTensorType>(op.getType());
      if (!type) {
        op.emitError("cannot import the sharding of a non-tensor value");
        failed = true;
        continue;
      }
      ArrayRef<shard::GridAxesAttr> split = sharding.getSplitAxes().getAxes();
      if (static_cast<int64_t>(split.size()) > type.getRank()) {
        sharding.emitError() << "splits " << split.size() << " dims of a rank-"
                             << type.getRank() << " tensor";
        failed = true;
        continue;
      }
      SmallVector<DimShardingAttr> dims;
      for (int64_t dim = 0; dim < type.getRank(); ++dim) {
        SmallVector<StringAttr> axes;
        if (dim < static_cast<int64_t>(split.size()))
          for (int16_t axis : split[dim].asArrayRef())
            axes.push_back(axisName(context, axis));
        dims.push_back(DimShardingAttr::get(context, axes, true, -1));
      }
      OpBuilder builder(op);
      auto constraint = ShardingConstraintOp::create(
          builder, op.getLoc(), op.getSrc(),
          ShardingAttr::get(sharding.getGridAttr(), dims));
      op.getResult().replaceAllUsesWith(constraint.getResult());
      op.erase();
      if (sharding->use_empty())
        sharding.erase();
    }
    if (failed)
      return signalPassFailure();

    // Then the grids, once nothing upstream refers to them.
    for (auto grid :
         llvm::make_early_inc_range(module.getOps<shard::GridOp>())) {
      std::optional<SymbolTable::UseRange> uses =
          SymbolTable::getSymbolUses(grid.getSymNameAttr(), module);
      bool usedUpstream =
          uses && llvm::any_of(*uses, [](const SymbolTable::SymbolUse &use) {
            return !isa_and_nonnull<KilnDialect>(use.getUser()->getDialect()) &&
                   !isa<FunctionOpInterface>(use.getUser());
          });
      if (usedUpstream) {
        grid.emitError() << "cannot import grid @" << grid.getSymName()
                         << ": upstream shard ops other than annotations "
                            "still use it";
        return signalPassFailure();
      }
      SmallVector<StringAttr> names;
      for (int64_t axis = 0;
           axis < static_cast<int64_t>(grid.getShape().size()); ++axis)
        names.push_back(axisName(context, axis));
      if (llvm::any_of(grid.getShape(),
                       [](int64_t size) { return size < 1; })) {
        grid.emitError("cannot import a grid with dynamic axis sizes");
        return signalPassFailure();
      }
      OpBuilder builder(grid);
      MeshOp::create(builder, grid.getLoc(), grid.getSymNameAttr(),
                     MeshAttr::get(context, names, grid.getShape()),
                     /*latency_us=*/nullptr, /*bandwidth_gbps=*/nullptr);
      grid.erase();
    }
  }
};
} // namespace
