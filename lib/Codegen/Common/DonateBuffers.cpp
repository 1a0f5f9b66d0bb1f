//===- DonateBuffers.cpp - The --kiln-donate-buffers pass -----------------===//

#include "kiln/Analysis/Views.h"
#include "kiln/Codegen/Common/Passes.h"
#include "kiln/KilnDialect.h"
#include "kiln/Transforms/Schedule.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_DONATEBUFFERSPASS
#include "kiln/Codegen/Common/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

constexpr StringLiteral kDonatedTo =
    mlir::kiln::KilnDialect::kDonatedToAttrName;

/// The result each argument is donated to, checked: an existing result of
/// the argument's type, and at most one argument per result.
FailureOr<SmallVector<std::optional<int64_t>>> getDonations(func::FuncOp func) {
  SmallVector<std::optional<int64_t>> donations(func.getNumArguments());
  SmallVector<int64_t> donor(func.getNumResults(), -1);
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
    auto attr = func.getArgAttrOfType<IntegerAttr>(i, kDonatedTo);
    if (!attr)
      continue;
    int64_t result = attr.getInt();
    // Donation is decided on tensors, before bufferization; a function
    // that is already on buffers has nothing left to donate.
    if (!isa<RankedTensorType>(func.getArgumentTypes()[i]))
      return func.emitError("argument ")
             << i << " of type " << func.getArgumentTypes()[i]
             << " is donated, but buffer donation needs ranked tensors "
                "(kiln-donate-buffers runs before bufferization)";
    if (result < 0 || result >= static_cast<int64_t>(func.getNumResults()))
      return func.emitError("argument ")
             << i << " is donated to result " << result << ", but '"
             << func.getName() << "' has " << func.getNumResults()
             << " results";
    if (func.getArgumentTypes()[i] != func.getResultTypes()[result])
      return func.emitError("argument ")
             << i << " of type " << func.getArgumentTypes()[i]
             << " is donated to result " << result << " of type "
             << func.getResultTypes()[result];
    if (donor[result] >= 0)
      return func.emitError("arguments ")
             << donor[result] << " and " << i << " are both donated to result "
             << result;
    donor[result] = i;
    donations[i] = result;
  }
  return donations;
}

struct DonateBuffersPass
    : kiln::impl::DonateBuffersPassBase<DonateBuffersPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal() || !func.isPublic())
      return;
    FailureOr<SmallVector<std::optional<int64_t>>> donations =
        getDonations(func);
    if (failed(donations))
      return signalPassFailure();
    if (!func.getBody().hasOneBlock()) {
      if (llvm::any_of(*donations, [](auto d) { return d.has_value(); })) {
        func.emitError("buffer donation needs a function body of one block");
        return signalPassFailure();
      }
      return;
    }

    OpBuilder b(func.getContext());
    for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
      if (isa<TensorType>(func.getArgumentTypes()[i]))
        func.setArgAttr(i,
                        bufferization::BufferizationDialect::kWritableAttrName,
                        b.getBoolAttr((*donations)[i].has_value()));

    Block &body = func.getBody().front();
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    // A result that is another argument, or a view of one, is read by the
    // materialization at the end, possibly after that argument was updated
    // (two donated arguments that swap); one-shot bufferization cannot move
    // that read, so the value is copied where it is defined.
    for (auto [arg, result] : llvm::enumerate(*donations)) {
      if (!result)
        continue;
      OpOperand &returned = ret->getOpOperand(*result);
      Value value = returned.get();
      if (value == func.getArgument(arg) ||
          !isa<BlockArgument>(kiln::stripViews(value)))
        continue;
      if (Operation *def = value.getDefiningOp())
        b.setInsertionPointAfter(def);
      else
        b.setInsertionPointToStart(&body);
      returned.set(bufferization::AllocTensorOp::create(
          b, ret.getLoc(), cast<RankedTensorType>(value.getType()),
          ValueRange(), value));
    }
    kiln::scheduleDonatedWriters(func, *donations);

    b.setInsertionPoint(ret);
    for (auto [arg, result] : llvm::enumerate(*donations)) {
      if (!result)
        continue;
      Value dest = func.getArgument(arg);
      OpOperand &returned = ret->getOpOperand(*result);
      if (returned.get() == dest)
        continue;
      auto materialize = bufferization::MaterializeInDestinationOp::create(
          b, ret.getLoc(), returned.get(), dest);
      returned.set(materialize.getResult());
    }
  }
};

} // namespace
