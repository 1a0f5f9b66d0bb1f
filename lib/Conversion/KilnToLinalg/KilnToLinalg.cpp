//===- KilnToLinalg.cpp - The --convert-kiln-to-linalg pass ---------------===//

#include "kiln/Conversion/KilnToLinalg.h"
#include "kiln/Conversion/Passes.h"
#include "kiln/KilnDialect.h"
#include "kiln/KilnOps.h"
#include "kiln/Transforms/Decompose.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AttrTypeSubElements.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_CONVERTKILNTOLINALGPASS
#include "kiln/Conversion/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

void mlir::kiln::populateKilnToLinalgPatterns(RewritePatternSet &patterns) {
  populateElementwiseToLinalgPatterns(patterns);
  populateTensorOpsToLinalgPatterns(patterns);
  populateContractionToLinalgPatterns(patterns);
  populateReductionToLinalgPatterns(patterns);
  populateScatterToLoopsPatterns(patterns);
}

namespace {

/// arith, linalg and the LLVM lowering know signless integers only. The
/// patterns built their scalar bodies on the unsigned element types
/// (choosing divui, cmpi ult, uitofp ... by them); afterwards the types are
/// the same bits as signless ones. Modules keep their attributes: a compile
/// unit's signature still says which inputs and outputs are unsigned.
void makeIntegersSignless(Operation *root) {
  AttrTypeReplacer replacer;
  replacer.addReplacement([](IntegerType type) -> std::optional<Type> {
    if (!type.isUnsigned())
      return std::nullopt;
    return IntegerType::get(type.getContext(), type.getWidth());
  });
  // Dense elements do not expose their type as a replaceable sub-element;
  // the raw bytes are the same for the signless type.
  replacer.addReplacement(
      [&](DenseIntOrFPElementsAttr attr) -> std::optional<Attribute> {
        if (!attr.getElementType().isUnsignedInteger())
          return std::nullopt;
        auto type = cast<ShapedType>(replacer.replace(attr.getType()));
        return DenseElementsAttr::getFromRawBuffer(type, attr.getRawData());
      });
  root->walk([&](Operation *op) {
    replacer.replaceElementsIn(op, /*replaceAttrs=*/!isa<ModuleOp>(op),
                               /*replaceLocs=*/false, /*replaceTypes=*/true);
  });
}

struct ConvertKilnToLinalgPass
    : kiln::impl::ConvertKilnToLinalgPassBase<ConvertKilnToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet decompositions(context);
    populateKilnDecompositionPatterns(decompositions);
    GreedyRewriteConfig config;
    // Only decompose here: folding kiln ops is canonicalization's job, and
    // leaving it out keeps this pass's output predictable.
    config.enableFolding(false);
    if (failed(applyPatternsGreedily(getOperation(), std::move(decompositions),
                                     config)))
      return signalPassFailure();

    ConversionTarget target(*context);
    target.addIllegalDialect<KilnDialect>();
    // Stays until kiln-drop-optimization-barriers, after the last CSE.
    target.addLegalOp<kiln::OptimizationBarrierOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(context);
    populateKilnToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      return signalPassFailure();
    makeIntegersSignless(getOperation());
  }
};

} // namespace
