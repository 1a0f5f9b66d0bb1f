//===- ParallelizeLoops.cpp - The --kiln-parallelize-loops pass -----------===//
//
// Splits the leading parallel dimensions of large linalg ops on buffers
// into the tasks of one scf.forall, which kiln-outline-parallel then runs
// on the thread pool.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/Common/BodyCost.h"
#include "kiln/Codegen/LLVMCPU/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/TilingInterface.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_PARALLELIZELOOPSPASS
#include "kiln/Codegen/LLVMCPU/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {

/// How an op's iteration space is cut: a tile size per loop (the full
/// range where the loop is not cut) and the number of tiles.
struct TaskSplit {
  SmallVector<int64_t> tileSizes;
  int64_t tasks = 1;
};

/// Cuts the leading parallel loops of `op` into at most `maxTasks` tiles
/// of at least `minTaskWork` work each. Tile sizes divide their loops, so
/// every task has the same static shape; the first loop that cannot be
/// cut evenly further ends the split.
std::optional<TaskSplit> splitIntoTasks(linalg::LinalgOp op,
                                        int64_t minTaskWork, int64_t maxTasks) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (ranges.empty() || llvm::any_of(ranges, ShapedType::isDynamic))
    return std::nullopt;
  // A copy or a transpose has an empty body but still moves an element.
  int64_t work = std::max<int64_t>(1, kiln::getBodyCost(*op.getBlock()));
  for (int64_t range : ranges)
    work *= range;
  int64_t wanted = std::min(maxTasks, work / minTaskWork);
  if (wanted < 2)
    return std::nullopt;
  TaskSplit split{ranges, 1};
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (auto [dim, range] : llvm::enumerate(ranges)) {
    if (iterators[dim] != utils::IteratorType::parallel)
      break;
    if (split.tasks * range <= wanted) {
      split.tileSizes[dim] = 1;
      split.tasks *= range;
      continue;
    }
    for (int64_t count = wanted / split.tasks; count >= 2; --count) {
      if (range % count == 0) {
        split.tileSizes[dim] = range / count;
        split.tasks *= count;
        break;
      }
    }
    break;
  }
  if (split.tasks < 2)
    return std::nullopt;
  return split;
}

/// Replaces `op` by an scf.forall over the tiles of `split`, each running
/// the op on its subviews.
LogicalResult emitTasks(linalg::LinalgOp op, const TaskSplit &split) {
  OpBuilder b(op);
  Location loc = op.getLoc();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  auto forall = scf::ForallOp::create(
      b, loc, ArrayRef<OpFoldResult>{b.getIndexAttr(split.tasks)}, ValueRange{},
      std::nullopt);
  b.setInsertionPoint(forall.getBody()->getTerminator());

  // The task index, delinearized over the loops that are cut.
  SmallVector<int64_t> cutDims, basis;
  for (auto [dim, range] : llvm::enumerate(ranges)) {
    if (split.tileSizes[dim] != range) {
      cutDims.push_back(dim);
      basis.push_back(range / split.tileSizes[dim]);
    }
  }
  SmallVector<OpFoldResult> offsets(ranges.size(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes;
  for (int64_t size : split.tileSizes)
    sizes.push_back(b.getIndexAttr(size));
  ValueRange tileIndices =
      affine::AffineDelinearizeIndexOp::create(
          b, loc, forall.getInductionVar(0), basis, /*hasOuterBound=*/true)
          .getResults();
  for (auto [dim, tileIndex] : llvm::zip(cutDims, tileIndices)) {
    Value size = arith::ConstantIndexOp::create(b, loc, split.tileSizes[dim]);
    offsets[dim] = arith::MulIOp::create(b, loc, tileIndex, size).getResult();
  }
  FailureOr<TilingResult> tiled =
      cast<TilingInterface>(op.getOperation())
          .getTiledImplementation(b, offsets, sizes);
  if (failed(tiled)) {
    forall.erase();
    return failure();
  }
  op->erase();
  return success();
}

struct ParallelizeLoopsPass
    : kiln::impl::ParallelizeLoopsPassBase<ParallelizeLoopsPass> {
  using ParallelizeLoopsPassBase::ParallelizeLoopsPassBase;

  void runOnOperation() override {
    if (minTaskWork < 1 || maxTasks < 1) {
      getOperation()->emitError("kiln-parallelize-loops: min-task-work and "
                                "max-tasks must be positive");
      return signalPassFailure();
    }
    SmallVector<std::pair<linalg::LinalgOp, TaskSplit>> candidates;
    getOperation()->walk([&](linalg::LinalgOp op) {
      // Ops already in a parallel task (a scheduled matmul's) stay serial.
      if (!op.hasPureBufferSemantics() || op->getParentOfType<scf::ForallOp>())
        return;
      if (auto split = splitIntoTasks(op, minTaskWork, maxTasks))
        candidates.push_back({op, std::move(*split)});
    });
    for (auto &[op, split] : candidates)
      if (failed(emitTasks(op, split)))
        op->emitWarning("kiln-parallelize-loops: could not tile; left serial");
  }
};

} // namespace
