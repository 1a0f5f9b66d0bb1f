//===- ApproximateMath.cpp - The --kiln-approximate-math pass -------------===//

#include "kiln/Codegen/LLVMCPU/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_APPROXIMATEMATHPASS
#include "kiln/Codegen/LLVMCPU/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

namespace {

struct ApproximateMathPass
    : kiln::impl::ApproximateMathPassBase<ApproximateMathPass> {
  using ApproximateMathPassBase::ApproximateMathPassBase;

  void runOnOperation() override {
    SmallVector<StringRef> names;
    for (auto [function, enabled] :
         {std::pair{MathFunction::exp, exp.getValue()},
          std::pair{MathFunction::erf, erf.getValue()},
          std::pair{MathFunction::tanh, tanh.getValue()}})
      if (enabled)
        names.push_back(stringifyMathFunction(function));
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns, [&](StringRef name) {
      // Upstream names the functions by op name ("math.exp").
      return name.consume_front("math.") && llvm::is_contained(names, name);
    });
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

StringRef mlir::kiln::stringifyMathFunction(MathFunction function) {
  switch (function) {
  case MathFunction::exp:
    return "exp";
  case MathFunction::erf:
    return "erf";
  case MathFunction::tanh:
    return "tanh";
  }
  return "exp";
}
