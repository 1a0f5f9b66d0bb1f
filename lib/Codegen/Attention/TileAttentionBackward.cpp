//===- TileAttentionBackward.cpp - kiln.attention_grad as a loop nest -----===//
//
// FlashAttention-2's backward on tensors. One task per (batch, query
// head) walks the key blocks; for each it keeps dK and dV of the block
// and streams the query blocks that see it, recomputing the block's
// probabilities from the saved log-sum-exp:
//
//   s  = (q * scale) k^T                 p  = exp(s - lse)
//   dv += p^T g                          dp = g v^T
//   ds = p * (dp - delta)                delta = rowsum(g * out), per op
//   dk += ds^T (q * scale)               dq += ds k   (scaled at the end)
//
// A task owns its query head's dq rows, so nothing is shared between
// tasks; a grouped kv head's dk and dv are the sum of its query heads'
// ([B, Hq, Sk, D] partials, O(sequence)), taken after the loop nest.
// Causal key blocks start at the first query block that sees them and
// mask only the blocks that cross the diagonal. Padding needs no mask:
// padded keys are zero (their ds meets a zero k; their dk, dv rows are
// cut off) and padded query rows have lse = +inf, so p = 0.
//
//===----------------------------------------------------------------------===//

#include "TileAttentionBackward.h"
#include "AttentionTiling.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {

class BackwardTiler : public AttentionTiling {
public:
  BackwardTiler(AttentionGradOp op, int64_t qBlock, int64_t kBlock)
      : AttentionTiling(op, qBlock, kBlock), grad(op) {}

  SmallVector<Value> emit(OpBuilder &b);

private:
  /// The query blocks [first, end) that see key block `kOffset`, and the
  /// first of them whose every row sees all of its keys.
  std::pair<Value, Value> queryBlockRange(OpBuilder &b, Value kOffset);
  /// One (query block, key block) pair: the updates of (dq, dk, dv).
  SmallVector<Value> emitQueryBlock(OpBuilder &b, Value qBlock,
                                    ValueRange state, bool masked);
  /// A task's [B, Hq, Sk', X] dk or dv partials as the [B, Hkv, Sk, X]
  /// result: summed over each kv head's group, cut to Sk, converted.
  Value finishKeys(OpBuilder &b, Value partials, int64_t width);

  AttentionGradOp grad;
  // Per op, all in the compute type and padded to whole blocks.
  Value keysT, keys, valuesT, scaledQ, gradOut, lse, delta;
  // Per key block.
  Value kOffset, keyTBlock, keyBlock, valueTBlock;
};

std::pair<Value, Value> BackwardTiler::queryBlockRange(OpBuilder &b,
                                                       Value kOffset) {
  Value count = index(b, qBlocks.count);
  if (!causal)
    return {index(b, 0), index(b, 0)};
  // Row i sees key j when j <= i + shift: the first row that sees key
  // kOffset is kOffset - shift, the first that sees the block's last key
  // kOffset + Bk - 1 - shift.
  int64_t shift = kLen - qLen;
  auto clamp = [&](Value value, Value low, Value high) {
    return arith::MinSIOp::create(
        b, loc, arith::MaxSIOp::create(b, loc, value, low), high);
  };
  Value blockSize = index(b, qBlocks.size), zero = index(b, 0);
  Value first = arith::FloorDivSIOp::create(
      b, loc, arith::SubIOp::create(b, loc, kOffset, index(b, shift)),
      blockSize);
  first = clamp(first, zero, count);
  Value full = arith::CeilDivSIOp::create(
      b, loc,
      arith::AddIOp::create(b, loc, kOffset,
                            index(b, kBlocks.size - 1 - shift)),
      blockSize);
  full = clamp(full, first, count);
  return {first, full};
}

SmallVector<Value> BackwardTiler::emitQueryBlock(OpBuilder &b, Value qBlock,
                                                 ValueRange state,
                                                 bool masked) {
  MLIRContext *context = b.getContext();
  Value dq = state[0], dk = state[1], dv = state[2];
  int64_t rows = qBlocks.size, cols = kBlocks.size;
  Value qOffset = arith::MulIOp::create(b, loc, qBlock, index(b, rows));
  Value zero = index(b, 0);
  Value qs =
      block(b, scaledQ, batchIndex, headIndex, qOffset, zero, rows, headDim);
  Value g = block(b, gradOut, batchIndex, headIndex, qOffset, zero, rows, vDim);
  Value rowLse = rowBlock(b, lse, batchIndex, headIndex, qOffset, rows);
  Value rowDelta = rowBlock(b, delta, batchIndex, headIndex, qOffset, rows);

  AffineExpr i, j;
  bindDims(context, i, j);
  auto rowsMap = AffineMap::get(2, 0, {i}, context);
  auto blockMap = AffineMap::get(2, 0, {i, j}, context);
  SmallVector<utils::IteratorType> parallel2(2, utils::IteratorType::parallel);

  // p = exp(s - lse), in place of the scores.
  Value scores = linalg::MatmulOp::create(b, loc, ValueRange{qs, keyTBlock},
                                          filled(b, {rows, cols}, 0.0))
                     .getResult(0);
  scores = maskScores(b, scores, qOffset, kOffset, masked, false);
  Value probs =
      generic(b, rowLse, scores, {rowsMap, blockMap}, parallel2,
              [&](OpBuilder &nb, Location at, ValueRange args) {
                return math::ExpOp::create(
                    nb, at, arith::SubFOp::create(nb, at, args[1], args[0]));
              });
  // dv += p^T g.
  dv = linalg::MatmulOp::create(b, loc, ValueRange{transposed(b, probs), g}, dv)
           .getResult(0);
  // ds = p * (g v^T - delta), in place of dp.
  Value dp = linalg::MatmulOp::create(b, loc, ValueRange{g, valueTBlock},
                                      filled(b, {rows, cols}, 0.0))
                 .getResult(0);
  Value ds = generic(
      b, ValueRange{probs, rowDelta}, dp, {blockMap, rowsMap, blockMap},
      parallel2, [&](OpBuilder &nb, Location at, ValueRange args) {
        return arith::MulFOp::create(
            nb, at, args[0], arith::SubFOp::create(nb, at, args[2], args[1]));
      });
  // dk += ds^T (q * scale).
  dk = linalg::MatmulOp::create(b, loc, ValueRange{transposed(b, ds), qs}, dk)
           .getResult(0);
  // dq[block] += ds k, read and written in place in the task's rows.
  SmallVector<OpFoldResult> offsets = {qOffset, b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes =
      getAsIndexOpFoldResult(context, ArrayRef<int64_t>{rows, headDim});
  SmallVector<OpFoldResult> strides(2, b.getIndexAttr(1));
  Value dqBlock = tensor::ExtractSliceOp::create(
      b, loc, RankedTensorType::get({rows, headDim}, compute), dq, offsets,
      sizes, strides);
  dqBlock = linalg::MatmulOp::create(b, loc, ValueRange{ds, keyBlock}, dqBlock)
                .getResult(0);
  dq = tensor::InsertSliceOp::create(b, loc, dqBlock, dq, offsets, sizes,
                                     strides);
  return {dq, dk, dv};
}

Value BackwardTiler::finishKeys(OpBuilder &b, Value partials, int64_t width) {
  MLIRContext *context = b.getContext();
  int64_t padded = kBlocks.padded();
  Value sums = partials;
  if (group > 1) {
    auto grouped =
        RankedTensorType::get({batch, kvHeads, group, padded, width}, compute);
    Value expanded = tensor::ExpandShapeOp::create(
        b, loc, grouped, partials,
        SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}, {4}});
    AffineExpr d0, d1, d2, d3, d4;
    bindDims(context, d0, d1, d2, d3, d4);
    auto parallel = utils::IteratorType::parallel;
    sums = generic(b, expanded, filled(b, {batch, kvHeads, padded, width}, 0.0),
                   {AffineMap::getMultiDimIdentityMap(5, context),
                    AffineMap::get(5, 0, {d0, d1, d3, d4}, context)},
                   {parallel, parallel, utils::IteratorType::reduction,
                    parallel, parallel},
                   [&](OpBuilder &nb, Location at, ValueRange args) {
                     return arith::AddFOp::create(nb, at, args[1], args[0]);
                   });
  }
  sums = sliceSequence(b, sums, kLen);
  if (element == compute)
    return sums;
  auto identity = AffineMap::getMultiDimIdentityMap(4, context);
  return generic(
      b, sums,
      tensor::EmptyOp::create(b, loc, {batch, kvHeads, kLen, width}, element),
      {identity, identity},
      SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
      [&](OpBuilder &nb, Location at, ValueRange args) {
        return convert(nb, at, args[0], element);
      });
}

SmallVector<Value> BackwardTiler::emit(OpBuilder &b) {
  MLIRContext *context = b.getContext();
  TypedAttr computeZero = b.getFloatAttr(compute, 0.0);
  int64_t qPadded = qBlocks.padded(), kPadded = kBlocks.padded();
  AffineExpr d0, d1, d2, d3;
  bindDims(context, d0, d1, d2, d3);
  auto identity4 = AffineMap::getMultiDimIdentityMap(4, context);
  SmallVector<utils::IteratorType> parallel4(4, utils::IteratorType::parallel);

  // Once per op, O(sequence) each.
  keysT = transposedKeys(b, key);
  keys = padTo(b, toCompute(b, key), 2, kPadded, computeZero);
  valuesT = generic(
      b, value,
      tensor::EmptyOp::create(b, loc, {batch, kvHeads, vDim, kLen}, compute),
      {AffineMap::get(4, 0, {d0, d1, d3, d2}, context), identity4}, parallel4,
      [&](OpBuilder &nb, Location at, ValueRange args) {
        return convert(nb, at, args[0], compute);
      });
  valuesT = padTo(b, valuesT, 3, kPadded, computeZero);
  Value scaleValue = scalar(b, scale);
  scaledQ = generic(
      b, query,
      tensor::EmptyOp::create(b, loc, {batch, qHeads, qLen, headDim}, compute),
      {identity4, identity4}, parallel4,
      [&](OpBuilder &nb, Location at, ValueRange args) {
        return arith::MulFOp::create(nb, at, convert(nb, at, args[0], compute),
                                     scaleValue);
      });
  scaledQ = padTo(b, scaledQ, 2, qPadded, computeZero);
  gradOut = padTo(b, toCompute(b, grad.getGrad()), 2, qPadded, computeZero);
  // delta = rowsum(g * out); padded rows get lse = +inf (p = 0).
  auto rows4 = AffineMap::get(4, 0, {d0, d1, d2}, context);
  delta = generic(
      b, ValueRange{grad.getGrad(), grad.getOutput()},
      filled(b, {batch, qHeads, qLen}, 0.0), {identity4, identity4, rows4},
      {utils::IteratorType::parallel, utils::IteratorType::parallel,
       utils::IteratorType::parallel, utils::IteratorType::reduction},
      [&](OpBuilder &nb, Location at, ValueRange args) {
        Value product =
            arith::MulFOp::create(nb, at, convert(nb, at, args[0], compute),
                                  convert(nb, at, args[1], compute));
        return arith::AddFOp::create(nb, at, args[2], product);
      });
  delta = padTo(b, delta, 2, qPadded, computeZero);
  lse = padTo(b, grad.getLse(), 2, qPadded,
              b.getFloatAttr(compute, std::numeric_limits<double>::infinity()));
  if (mask)
    preparedMask = prepareMask(b);

  // One task per (batch, query head): it owns that head's dq rows and its
  // dk, dv partials.
  SmallVector<Value> inits = {
      filled(b, {batch, qHeads, qPadded, headDim}, 0.0),
      tensor::EmptyOp::create(b, loc, {batch, qHeads, kPadded, headDim},
                              compute),
      tensor::EmptyOp::create(b, loc, {batch, qHeads, kPadded, vDim}, compute)};
  auto forall = scf::ForallOp::create(
      b, loc, ArrayRef<OpFoldResult>{b.getIndexAttr(batch * qHeads)}, inits,
      std::nullopt);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(forall.getTerminator());
  Value task = forall.getInductionVar(0);
  batchIndex = arith::DivUIOp::create(b, loc, task, index(b, qHeads));
  headIndex = arith::RemUIOp::create(b, loc, task, index(b, qHeads));
  kvHeadIndex = arith::DivUIOp::create(b, loc, headIndex, index(b, group));
  Value zero = index(b, 0);
  SmallVector<OpFoldResult> strides(4, b.getIndexAttr(1));
  auto headSlice = [&](Value shared, int64_t length, int64_t width) {
    SmallVector<OpFoldResult> offsets = {batchIndex, headIndex,
                                         b.getIndexAttr(0), b.getIndexAttr(0)};
    SmallVector<OpFoldResult> sizes =
        getAsIndexOpFoldResult(context, ArrayRef<int64_t>{1, 1, length, width});
    return std::make_pair(offsets, sizes);
  };
  SmallVector<Value> taskState;
  int64_t lengths[] = {qPadded, kPadded, kPadded};
  int64_t widths[] = {headDim, headDim, vDim};
  for (auto [shared, length, width] :
       llvm::zip_equal(forall.getRegionIterArgs(), lengths, widths)) {
    auto [offsets, sizes] = headSlice(shared, length, width);
    taskState.push_back(tensor::ExtractSliceOp::create(
        b, loc, RankedTensorType::get({length, width}, compute), shared,
        offsets, sizes, strides));
  }

  auto keyLoop = scf::ForOp::create(
      b, loc, zero, index(b, kBlocks.count), index(b, 1), taskState,
      [&](OpBuilder &nb, Location, Value kBlock, ValueRange args) {
        int64_t cols = kBlocks.size;
        kOffset = arith::MulIOp::create(nb, loc, kBlock, index(nb, cols));
        Value blockZero = index(nb, 0);
        keyTBlock = block(nb, keysT, batchIndex, kvHeadIndex, blockZero,
                          kOffset, headDim, cols);
        keyBlock = block(nb, keys, batchIndex, kvHeadIndex, kOffset, blockZero,
                         cols, headDim);
        valueTBlock = block(nb, valuesT, batchIndex, kvHeadIndex, blockZero,
                            kOffset, vDim, cols);
        SmallVector<Value> state = {args[0], filled(nb, {cols, headDim}, 0.0),
                                    filled(nb, {cols, vDim}, 0.0)};
        auto [first, full] = queryBlockRange(nb, kOffset);
        auto streamBlocks = [&](Value from, Value to, bool masked) {
          auto loop = scf::ForOp::create(
              nb, loc, from, to, index(nb, 1), state,
              [&](OpBuilder &qb, Location, Value qBlock, ValueRange inner) {
                scf::YieldOp::create(qb, loc,
                                     emitQueryBlock(qb, qBlock, inner, masked));
              });
          state.assign(loop.getResults().begin(), loop.getResults().end());
        };
        if (causal)
          streamBlocks(first, full, /*masked=*/true);
        streamBlocks(full, index(nb, qBlocks.count), /*masked=*/false);
        // The key block's dk and dv rows of this query head.
        SmallVector<Value> next = {state[0]};
        int64_t blockWidths[] = {headDim, vDim};
        for (auto [accumulated, rowsSoFar, width] :
             llvm::zip_equal(ArrayRef<Value>(state).drop_front(),
                             args.drop_front(), blockWidths)) {
          SmallVector<OpFoldResult> offsets = {kOffset, nb.getIndexAttr(0)};
          SmallVector<OpFoldResult> sizes =
              getAsIndexOpFoldResult(context, ArrayRef<int64_t>{cols, width});
          SmallVector<OpFoldResult> strides2(2, nb.getIndexAttr(1));
          next.push_back(tensor::InsertSliceOp::create(
              nb, loc, accumulated, rowsSoFar, offsets, sizes, strides2));
        }
        scf::YieldOp::create(nb, loc, next);
      });

  b.setInsertionPointToStart(forall.getTerminator().getBody());
  for (auto [result, shared, length, width] : llvm::zip_equal(
           keyLoop.getResults(), forall.getRegionIterArgs(), lengths, widths)) {
    auto [offsets, sizes] = headSlice(shared, length, width);
    tensor::ParallelInsertSliceOp::create(b, loc, result, shared, offsets,
                                          sizes, strides);
  }

  b.setInsertionPointAfter(forall);
  // dq = scale * sum(ds k), cut to Sq, in the operands' type.
  Value dq = sliceSequence(b, forall.getResult(0), qLen);
  dq = generic(
      b, dq,
      tensor::EmptyOp::create(b, loc, {batch, qHeads, qLen, headDim}, element),
      {identity4, identity4}, parallel4,
      [&](OpBuilder &nb, Location at, ValueRange args) {
        Value scaled = arith::MulFOp::create(
            nb, at, args[0],
            arith::ConstantOp::create(nb, at, nb.getFloatAttr(compute, scale)));
        return convert(nb, at, scaled, element);
      });
  return {dq, finishKeys(b, forall.getResult(1), headDim),
          finishKeys(b, forall.getResult(2), vDim)};
}

} // namespace

SmallVector<Value> mlir::kiln::emitTiledAttentionGrad(AttentionGradOp op,
                                                      int64_t qBlock,
                                                      int64_t kBlock,
                                                      OpBuilder &b) {
  return BackwardTiler(op, qBlock, kBlock).emit(b);
}
