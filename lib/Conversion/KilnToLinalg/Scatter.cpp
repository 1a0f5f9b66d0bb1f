//===- Scatter.cpp - kiln.scatter_elements to an scf.for nest -------------===//
//
// A scatter writes where its indices say, so no linalg op expresses it: it
// becomes one scf.for per updates dimension carrying the result tensor,
// each iteration extracting an update and its index and inserting the
// combined element. Updates apply in row-major order, which is what makes
// the last of colliding `none` updates win; bufferization turns the
// carried tensor into one buffer written in place.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "kiln/Conversion/KilnToLinalg.h"
#include "kiln/KilnOps.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// `old` combined with `update` by `reduction`.
Value combine(OpBuilder &b, Location loc, ScatterReduction reduction, Value old,
              Value update) {
  Type type = update.getType();
  bool isFloat = isa<FloatType>(type);
  // i1 and unsigned integers order unsigned.
  bool isUnsigned = type.isInteger(1) || type.isUnsignedInteger();
  switch (reduction) {
  case ScatterReduction::none:
    return update;
  case ScatterReduction::add:
    return isFloat ? Value(arith::AddFOp::create(b, loc, old, update))
                   : Value(arith::AddIOp::create(b, loc, old, update));
  case ScatterReduction::mul:
    return isFloat ? Value(arith::MulFOp::create(b, loc, old, update))
                   : Value(arith::MulIOp::create(b, loc, old, update));
  case ScatterReduction::max:
    if (isFloat)
      return arith::MaximumFOp::create(b, loc, old, update);
    return isUnsigned ? Value(arith::MaxUIOp::create(b, loc, old, update))
                      : Value(arith::MaxSIOp::create(b, loc, old, update));
  case ScatterReduction::min:
    if (isFloat)
      return arith::MinimumFOp::create(b, loc, old, update);
    return isUnsigned ? Value(arith::MinUIOp::create(b, loc, old, update))
                      : Value(arith::MinSIOp::create(b, loc, old, update));
  }
  llvm_unreachable("unknown scatter reduction");
}

struct ScatterElementsLowering : OpConversionPattern<ScatterElementsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ScatterElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    Location loc = op.getLoc();
    auto updatesType = cast<RankedTensorType>(op.getUpdates().getType());
    auto dataType = cast<RankedTensorType>(op.getData().getType());
    int64_t axis = op.getAxis();
    int64_t axisSize = dataType.getDimSize(axis);
    ScatterReduction reduction = op.getReduction();
    if (updatesType.getNumElements() == 0) {
      rewriter.replaceOp(op, adaptor.getData());
      return success();
    }

    SmallVector<Value> lower, upper, steps;
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    for (int64_t size : updatesType.getShape()) {
      lower.push_back(zero);
      upper.push_back(arith::ConstantIndexOp::create(rewriter, loc, size));
      steps.push_back(one);
    }
    Value indices = adaptor.getIndices(), updates = adaptor.getUpdates();
    auto body = [&](OpBuilder &b, Location l, ValueRange ivs,
                    ValueRange carried) -> scf::ValueVector {
      Value result = carried[0];
      Value index = tensor::ExtractOp::create(b, l, indices, ivs);
      Value update = tensor::ExtractOp::create(b, l, updates, ivs);
      // Negative indices wrap once; what is then outside [0, size) is
      // dropped (an unsigned compare catches both ends).
      Value position = toPosition(b, l, index, axisSize, /*clamp=*/false);
      Value size = arith::ConstantIndexOp::create(b, l, axisSize);
      Value inRange = arith::CmpIOp::create(b, l, arith::CmpIPredicate::ult,
                                            position, size);
      auto ifOp = scf::IfOp::create(
          b, l, inRange,
          [&](OpBuilder &t, Location tl) {
            SmallVector<Value> at(ivs);
            at[axis] = position;
            Value combined = update;
            if (reduction != ScatterReduction::none)
              combined =
                  combine(t, tl, reduction,
                          tensor::ExtractOp::create(t, tl, result, at), update);
            Value inserted =
                tensor::InsertOp::create(t, tl, combined, result, at);
            scf::YieldOp::create(t, tl, inserted);
          },
          [&](OpBuilder &e, Location el) {
            scf::YieldOp::create(e, el, result);
          });
      return {ifOp.getResult(0)};
    };
    scf::LoopNest nest =
        scf::buildLoopNest(rewriter, loc, lower, upper, steps,
                           ValueRange{adaptor.getData()}, body);
    rewriter.replaceOp(op, nest.results);
    return success();
  }
};

} // namespace

void mlir::kiln::populateScatterToLoopsPatterns(RewritePatternSet &patterns) {
  patterns.add<ScatterElementsLowering>(patterns.getContext());
}
