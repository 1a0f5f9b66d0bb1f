//===- DropOptimizationBarriers.cpp - --kiln-drop-optimization-barriers ---===//

#include "kiln/Codegen/Common/Passes.h"
#include "kiln/KilnOps.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_DROPOPTIMIZATIONBARRIERSPASS
#include "kiln/Codegen/Common/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

struct DropOptimizationBarriersPass
    : kiln::impl::DropOptimizationBarriersPassBase<
          DropOptimizationBarriersPass> {
  void runOnOperation() override {
    getOperation()->walk([](kiln::OptimizationBarrierOp barrier) {
      barrier->replaceAllUsesWith(barrier.getOperands());
      barrier->erase();
    });
  }
};

} // namespace
