//===- FuseSiblings.cpp - The --kiln-fuse-siblings pass -------------------===//

#include "kiln/Codegen/Common/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_FUSESIBLINGSPASS
#include "kiln/Codegen/Common/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

/// An elementwise generic on tensors: parallel loops of static ranges,
/// results indexed by the loops in order.
bool isElementwise(linalg::GenericOp op) {
  if (!op.hasPureTensorSemantics() || op.getNumReductionLoops() != 0)
    return false;
  if (llvm::any_of(op.getStaticLoopRanges(), ShapedType::isDynamic))
    return false;
  return llvm::all_of(op.getDpsInitsMutable(), [&](OpOperand &init) {
    return op.getMatchingIndexingMap(&init).isIdentity();
  });
}

/// Whether `earlier` can be computed at `later` instead: the same loops,
/// a common input read through the same permutation, and no user of its
/// results before `later`.
bool canMerge(linalg::GenericOp earlier, linalg::GenericOp later) {
  if (earlier == later || earlier->getBlock() != later->getBlock() ||
      !earlier->isBeforeInBlock(later) || !isElementwise(earlier) ||
      !isElementwise(later) ||
      earlier.getStaticLoopRanges() != later.getStaticLoopRanges())
    return false;
  // A shared tensor read element by element; a broadcast scalar (the step
  // count every parameter's update reads) does not make two updates
  // siblings: merging them would only keep more gradients alive at once.
  bool shares = false;
  for (OpOperand *laterInput : later.getDpsInputOperands())
    for (OpOperand *earlierInput : earlier.getDpsInputOperands())
      shares |= laterInput->get() == earlierInput->get() &&
                later.getMatchingIndexingMap(laterInput).isPermutation() &&
                later.getMatchingIndexingMap(laterInput) ==
                    earlier.getMatchingIndexingMap(earlierInput);
  if (!shares)
    return false;
  for (Operation *user : earlier->getUsers()) {
    Operation *inBlock = later->getBlock()->findAncestorOpInBlock(*user);
    if (!inBlock || inBlock == later.getOperation() ||
        !later->isBeforeInBlock(inBlock))
      return false;
  }
  return true;
}

/// One generic at `later`'s place computing both ops' results: the inputs
/// and inits of `earlier`, then those of `later`, and both bodies in turn.
void merge(linalg::GenericOp earlier, linalg::GenericOp later) {
  OpBuilder b(later);
  SmallVector<Value> inputs(earlier.getDpsInputs());
  llvm::append_range(inputs, later.getDpsInputs());
  SmallVector<Value> inits(earlier.getDpsInits());
  llvm::append_range(inits, later.getDpsInits());
  SmallVector<AffineMap> maps;
  auto addMaps = [&](linalg::GenericOp op, bool initsOnly) {
    for (OpOperand &operand : op->getOpOperands())
      if (op.isDpsInit(&operand) == initsOnly)
        maps.push_back(op.getMatchingIndexingMap(&operand));
  };
  addMaps(earlier, false);
  addMaps(later, false);
  addMaps(earlier, true);
  addMaps(later, true);
  auto merged = linalg::GenericOp::create(
      b, later.getLoc(), TypeRange(ValueRange(inits)), inputs, inits, maps,
      later.getIteratorTypesArray());

  // Block arguments follow the operands: inputs of both, then inits.
  SmallVector<Location> locs(inputs.size() + inits.size(), later.getLoc());
  SmallVector<Type> types;
  for (Value operand : llvm::concat<Value>(inputs, inits))
    types.push_back(cast<ShapedType>(operand.getType()).getElementType());
  Block *body = b.createBlock(&merged.getRegion(), {}, types, locs);
  int64_t earlierInputs = earlier.getNumDpsInputs();
  int64_t laterInputs = later.getNumDpsInputs();
  int64_t numInputs = earlierInputs + laterInputs;
  SmallVector<Value> yields;
  auto cloneBody = [&](linalg::GenericOp op, int64_t inputOffset,
                       int64_t initOffset) {
    IRMapping mapping;
    Block *old = op.getBlock();
    int64_t numOpInputs = op.getNumDpsInputs();
    for (auto [i, arg] : llvm::enumerate(old->getArguments()))
      mapping.map(arg, body->getArgument(static_cast<int64_t>(i) < numOpInputs
                                             ? inputOffset + i
                                             : numInputs + initOffset + i -
                                                   numOpInputs));
    for (Operation &inner : old->without_terminator())
      b.clone(inner, mapping);
    for (Value yielded : old->getTerminator()->getOperands())
      yields.push_back(mapping.lookupOrDefault(yielded));
  };
  cloneBody(earlier, 0, 0);
  cloneBody(later, earlierInputs, earlier.getNumDpsInits());
  linalg::YieldOp::create(b, later.getLoc(), yields);

  int64_t earlierResults = earlier->getNumResults();
  earlier->replaceAllUsesWith(merged->getResults().take_front(earlierResults));
  later->replaceAllUsesWith(merged->getResults().drop_front(earlierResults));
  earlier->erase();
  later->erase();
}

/// The first earlier sibling `later` can absorb, found among the other
/// readers of its inputs.
linalg::GenericOp findSibling(linalg::GenericOp later) {
  for (Value input : later.getDpsInputs())
    for (Operation *user : input.getUsers())
      if (auto earlier = dyn_cast<linalg::GenericOp>(user))
        if (canMerge(earlier, later))
          return earlier;
  return nullptr;
}

struct FuseSiblingsPass : kiln::impl::FuseSiblingsPassBase<FuseSiblingsPass> {
  void runOnOperation() override {
    // Each merge erases two ops; start over until nothing merges.
    bool changed = true;
    while (changed) {
      changed = false;
      getOperation()->walk([&](linalg::GenericOp later) {
        linalg::GenericOp earlier = findSibling(later);
        if (!earlier)
          return WalkResult::advance();
        merge(earlier, later);
        changed = true;
        return WalkResult::interrupt();
      });
    }
    // A merged op reads a shared input twice; keep one.
    RewritePatternSet patterns(&getContext());
    linalg::populateEraseUnusedOperandsAndResultsPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
