//===- CheckFinite.cpp - The --kiln-check-finite pass ---------------------===//
//
// Threads a "first non-finite op" index through every public function:
// after each floating-point kiln op, `finite = all(|r| < inf)` (false for
// NaN and for both infinities), and the index is set to the op's number if
// it is still -1 and `finite` is false. The index and the table of op
// descriptions become two extra results, which compiled programs read.
//
//===----------------------------------------------------------------------===//

#include "kiln/KilnBuilder.h"
#include "kiln/KilnDialect.h"
#include "kiln/KilnOps.h"
#include "kiln/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

#include <limits>

namespace mlir::kiln {
#define GEN_PASS_DEF_CHECKFINITEPASS
#include "kiln/Transforms/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// "kiln.log at model.mlir:3:8".
std::string describe(Operation *op) {
  std::string text = op->getName().getStringRef().str();
  llvm::raw_string_ostream os(text);
  if (auto file = op->getLoc()->findInstanceOf<FileLineColLoc>())
    os << " at " << file.getFilename().getValue() << ":" << file.getLine()
       << ":" << file.getColumn();
  if (auto name = op->getLoc()->findInstanceOf<NameLoc>())
    os << " ('" << name.getName().getValue() << "')";
  return text;
}

struct CheckFinitePass : kiln::impl::CheckFinitePassBase<CheckFinitePass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (func.isPublic() && !func.isExternal() && failed(instrument(func)))
        return signalPassFailure();
  }

  LogicalResult instrument(func::FuncOp func) {
    if (!func.getBody().hasOneBlock())
      return func.emitError("kiln-check-finite needs a body of one block");
    Block &body = func.getBody().front();
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    ImplicitLocOpBuilder b(ret.getLoc(), ret);
    KilnBuilder k(b);
    auto i64Scalar = RankedTensorType::get({}, b.getI64Type());
    Value first = k.splat(i64Scalar, -1);
    std::string sites;
    int64_t count = 0;
    SmallVector<Operation *> ops;
    for (Operation &op : body.without_terminator())
      if (isa<KilnDialect>(op.getDialect()) && !isa<ConstantOp>(op))
        ops.push_back(&op);
    for (Operation *op : ops) {
      for (Value result : op->getResults()) {
        auto type = dyn_cast<RankedTensorType>(result.getType());
        if (!type || !isa<FloatType>(type.getElementType()) ||
            !type.hasStaticShape())
          continue;
        b.setInsertionPointAfter(op);
        b.setLoc(op->getLoc());
        // |r| < inf is false exactly for NaN and the infinities.
        Value finite = k.compare(
            CompareDirection::lt, AbsOp::create(b, result),
            k.scalarLike(result, std::numeric_limits<double>::infinity()));
        // 1 where an element is not finite; its maximum over every
        // dimension says whether any is.
        Value isFinite = k.cast(finite, b.getF32Type());
        Value anyBad = k.reduceMax(k.sub(k.scalarLike(isFinite, 1.0), isFinite),
                                   KilnBuilder::allDims(isFinite),
                                   /*keepDims=*/false);
        b.setInsertionPoint(ret);
        b.setLoc(ret.getLoc());
        Value bad =
            k.compare(CompareDirection::gt, anyBad, k.scalarLike(anyBad, 0.0));
        Value unset =
            k.compare(CompareDirection::eq, first, k.scalarLike(first, -1));
        first = k.select(AndOp::create(b, bad, unset),
                         k.splat(i64Scalar, static_cast<double>(count)), first);
        sites += describe(op);
        sites.push_back('\0');
        ++count;
      }
    }
    b.setInsertionPoint(ret);
    auto u8 = b.getIntegerType(8, /*isSigned=*/false);
    SmallVector<APInt> bytes;
    for (char c : sites)
      bytes.push_back(APInt(8, static_cast<uint8_t>(c)));
    if (bytes.empty())
      bytes.push_back(APInt(8, 0));
    auto sitesType =
        RankedTensorType::get({static_cast<int64_t>(bytes.size())}, u8);
    Value table =
        ConstantOp::create(b, DenseElementsAttr::get(sitesType, bytes));
    SmallVector<Value> results(ret.getOperands());
    results.push_back(first);
    results.push_back(table);
    unsigned index = func.getNumResults();
    func::ReturnOp::create(b, results);
    ret.erase();
    SmallVector<Type> types(func.getResultTypes());
    types.push_back(first.getType());
    types.push_back(table.getType());
    func.setType(b.getFunctionType(func.getArgumentTypes(), types));
    func.setResultAttr(index, KilnDialect::kNameAttrName,
                       b.getStringAttr("kiln.first_nonfinite"));
    func.setResultAttr(index + 1, KilnDialect::kNameAttrName,
                       b.getStringAttr("kiln.nonfinite_sites"));
    return success();
  }
};

} // namespace
