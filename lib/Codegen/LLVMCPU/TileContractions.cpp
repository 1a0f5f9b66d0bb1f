//===- TileContractions.cpp - The --kiln-tile-contractions pass -----------===//

#include "MatmulKernel.h"
#include "kiln/Codegen/LLVMCPU/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "kiln-tile-contractions"

namespace mlir::kiln {
#define GEN_PASS_DEF_TILECONTRACTIONSPASS
#include "kiln/Codegen/LLVMCPU/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

/// Whether `generic` is C[b, m, n] += A[m, k] B[b, k, n] (what
/// `kiln-im2col` makes of a convolution): a batched product whose A is
/// shared by the batch.
bool isSharedLhsBatchMatmul(linalg::GenericOp generic) {
  if (generic.getNumDpsInputs() != 2 || generic.getNumDpsInits() != 1 ||
      generic.getNumLoops() != 4 || generic.getNumReductionLoops() != 1)
    return false;
  MLIRContext *context = generic.getContext();
  AffineExpr b, m, n, k;
  bindDims(context, b, m, n, k);
  SmallVector<AffineMap> expected = {AffineMap::get(4, 0, {m, k}, context),
                                     AffineMap::get(4, 0, {b, k, n}, context),
                                     AffineMap::get(4, 0, {b, m, n}, context)};
  if (generic.getIndexingMapsArray() != expected ||
      generic.getIteratorTypesArray()[3] != utils::IteratorType::reduction)
    return false;
  // The body: yield (in0 * in1) + out.
  Block &body = generic.getRegion().front();
  if (body.getOperations().size() != 3)
    return false;
  auto mul = dyn_cast<arith::MulFOp>(body.front());
  auto add = dyn_cast<arith::AddFOp>(*std::next(body.begin()));
  if (!mul || !add)
    return false;
  Value in0 = body.getArgument(0), in1 = body.getArgument(1),
        out = body.getArgument(2);
  bool mulOk = (mul.getLhs() == in0 && mul.getRhs() == in1) ||
               (mul.getLhs() == in1 && mul.getRhs() == in0);
  bool addOk = (add.getLhs() == mul && add.getRhs() == out) ||
               (add.getLhs() == out && add.getRhs() == mul);
  return mulOk && addOk &&
         body.getTerminator()->getOperand(0) == add.getResult();
}

/// The operands of a product the schedule takes: a matmul or batch_matmul
/// on buffers with the default indexing maps, or a batched product with a
/// shared A.
std::optional<std::array<Value, 3>> getScheduledOperands(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureBufferSemantics())
    return std::nullopt;
  if (auto generic = dyn_cast<linalg::GenericOp>(op)) {
    if (!isSharedLhsBatchMatmul(generic))
      return std::nullopt;
  } else if (auto matmul = dyn_cast<linalg::MatmulOp>(op)) {
    if (matmul.hasUserDefinedMaps())
      return std::nullopt;
  } else if (auto batchMatmul = dyn_cast<linalg::BatchMatmulOp>(op)) {
    if (batchMatmul.hasUserDefinedMaps())
      return std::nullopt;
  } else {
    return std::nullopt;
  }
  std::array<Value, 3> operands = {linalgOp.getDpsInputs()[0],
                                   linalgOp.getDpsInputs()[1],
                                   linalgOp.getDpsInits()[0]};
  if (!kiln::canEmitMatmul(operands[0], operands[1], operands[2]))
    return std::nullopt;
  return operands;
}

/// The `linalg.fill` of +0.0 into exactly `c` that `op` follows with only
/// memory-effect-free ops (views, constants) in between: the product can
/// then overwrite C instead of adding to zeros, which saves writing C once
/// and reading it once.
linalg::FillOp getZeroFillBefore(Operation *op, Value c) {
  for (Operation *prev = op->getPrevNode(); prev; prev = prev->getPrevNode()) {
    if (auto fill = dyn_cast<linalg::FillOp>(prev)) {
      if (fill.hasPureBufferSemantics() && fill.getDpsInits()[0] == c &&
          matchPattern(fill.getDpsInputs()[0], m_PosZeroFloat()))
        return fill;
      return {};
    }
    if (!isMemoryEffectFree(prev))
      return {};
  }
  return {};
}

struct TileContractionsPass
    : kiln::impl::TileContractionsPassBase<TileContractionsPass> {
  using TileContractionsPassBase::TileContractionsPassBase;

  void runOnOperation() override {
    kiln::MatmulTiles tiles;
    if (failed(
            readSizes(registerTile, {&tiles.mr, &tiles.nr}, "register-tile")) ||
        failed(readSizes(cacheTile, {&tiles.mc, &tiles.kc}, "cache-tile")) ||
        failed(readSizes(taskTile, {&tiles.mt, &tiles.nc}, "task-tile")))
      return signalPassFailure();
    SmallVector<std::pair<Operation *, std::array<Value, 3>>> products;
    getOperation()->walk([&](Operation *op) {
      if (auto operands = getScheduledOperands(op))
        products.push_back({op, *operands});
    });
    OpBuilder builder(&getContext());
    for (auto &[op, operands] : products) {
      // A product over an empty K writes nothing: its fill stays.
      bool emptyK =
          cast<MemRefType>(operands[0].getType()).getShape().back() == 0;
      linalg::FillOp zeroFill =
          emptyK ? linalg::FillOp() : getZeroFillBefore(op, operands[2]);
      LLVM_DEBUG(llvm::dbgs()
                 << "tile-contractions: " << op->getName() << " at "
                 << op->getLoc() << " as " << operands[0].getType() << " x "
                 << operands[1].getType() << ": register " << tiles.mr << "x"
                 << tiles.nr << ", cache " << tiles.mc << "x" << tiles.kc
                 << ", task " << tiles.mt << "x" << tiles.nc
                 << (zeroFill ? ", fill folded" : ", accumulating") << "\n");
      builder.setInsertionPoint(op);
      kiln::MatmulTiles opTiles = tiles;
      opTiles.serial = op->getParentOfType<scf::ForallOp>() != nullptr;
      kiln::emitMatmul(builder, op->getLoc(), operands[0], operands[1],
                       operands[2], opTiles, /*accumulate=*/!zeroFill);
      op->erase();
      if (zeroFill)
        zeroFill->erase();
    }
  }

  /// Copies a two-size option into `fields`, leaving the defaults when it
  /// is not given.
  LogicalResult readSizes(ArrayRef<int64_t> option,
                          std::array<int64_t *, 2> fields, StringRef name) {
    if (option.empty())
      return success();
    if (option.size() != 2 || option[0] <= 0 || option[1] <= 0)
      return getOperation()->emitError("kiln-tile-contractions: ")
             << name << " takes two positive sizes";
    *fields[0] = option[0];
    *fields[1] = option[1];
    return success();
  }
};

} // namespace
