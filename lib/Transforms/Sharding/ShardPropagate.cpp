//===- ShardPropagate.cpp - The kiln-shard-propagate pass -----------------===//
//
// Runs sharding propagation (Propagation.h) on every function and writes
// the shardings into the IR.
//
//===----------------------------------------------------------------------===//

#include "kiln/Transforms/Passes.h"
#include "kiln/Transforms/Sharding/Propagation.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_SHARDPROPAGATEPASS
#include "kiln/Transforms/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

namespace {
struct ShardPropagatePass
    : kiln::impl::ShardPropagatePassBase<ShardPropagatePass> {
  void runOnOperation() override {
    for (auto function : getOperation().getOps<FunctionOpInterface>()) {
      ShardingPropagation propagation(function);
      if (failed(propagation.run()))
        return signalPassFailure();
      propagation.apply();
    }
  }
};
} // namespace
