//===- TileAttention.cpp - The --kiln-tile-attention pass -----------------===//
//
// kiln.attention (and kiln.attention_lse) as FlashAttention-2's forward
// pass: query blocks in parallel, key/value blocks streamed through an
// online softmax; kiln.attention_grad goes to TileAttentionBackward.cpp.
// The pass description (Passes.td) gives the recurrences.
//
//===----------------------------------------------------------------------===//

#include "AttentionTiling.h"
#include "TileAttentionBackward.h"
#include "kiln/Codegen/Attention/Passes.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "llvm/ADT/TypeSwitch.h"

#include <limits>

namespace mlir::kiln {
#define GEN_PASS_DEF_TILEATTENTIONPASS
#include "kiln/Codegen/Attention/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

namespace {

/// Builds the forward loop nest of one kiln.attention or
/// kiln.attention_lse: the result, and the log-sum-exp when `withLse`.
class ForwardTiler : public AttentionTiling {
public:
  template <typename Op>
  ForwardTiler(Op op, int64_t qBlock, int64_t kBlock, bool withLse,
               int64_t decodeTasks)
      : AttentionTiling(op, qBlock, kBlock), withLse(withLse) {
    splits = chooseSplits(decodeTasks);
  }

  SmallVector<Value> emit(OpBuilder &b);

private:
  /// How many parts the key blocks of each query block are split into:
  /// 1, unless (batch, query head, query block) tasks are fewer than
  /// `decodeTasks` (a decode step's single query over a long cache), when
  /// each gets parts of at least two key blocks until there are that many.
  int64_t chooseSplits(int64_t decodeTasks) const {
    int64_t tasks = batch * qHeads * qBlocks.count;
    if (decodeTasks <= 1 || tasks >= decodeTasks)
      return 1;
    int64_t wanted = llvm::divideCeil(decodeTasks, tasks);
    int64_t most = kBlocks.count / 2;
    if (std::min(wanted, most) < 2)
      return 1;
    // Even parts: as few as that many parts of ceil(count / parts) blocks.
    int64_t per = llvm::divideCeil(kBlocks.count, std::min(wanted, most));
    return llvm::divideCeil(kBlocks.count, per);
  }
  /// Split-K (flash-decoding): each part's (m, l, acc) per task, then one
  /// combine over the parts: out = sum(acc_p e^(m_p - M)) / sum(l_p
  /// e^(m_p - M)) with M the largest m_p.
  SmallVector<Value> emitSplit(OpBuilder &b, Value queries);
  /// The (m, l, acc) of the task's query block over key blocks [lo, hi)
  /// of its range (all of it when `lo` is null).
  SmallVector<Value> streamKeys(OpBuilder &b, Value lo, Value hi);
  /// The task's query block, scaled, in the compute type (scaledQ).
  void loadQueries(OpBuilder &b, Value queries);

  /// The key blocks [first, end) a query block starting at `qOffset`
  /// reads, and where the ones that need masking begin.
  std::pair<Value, Value> keyBlockRange(OpBuilder &b, Value qOffset);
  /// One key/value block: the online-softmax update of (m, l, acc).
  SmallVector<Value> emitKeyBlock(OpBuilder &b, Value kBlock, ValueRange state,
                                  bool masked);

  bool withLse;
  int64_t splits;
  /// Query blocks of at most kNarrowRows rows (decode steps) take their
  /// block products as dot products over K and V in place.
  static constexpr int64_t kNarrowRows = 4;
  bool narrow = qBlocks.size <= kNarrowRows;
  // Per op: K transposed to [B, Hkv, D, Sk'] (K itself when narrow) and
  // V in the compute type, padded to the blocked lengths.
  Value keysT, keys, values;
  // Per task.
  Value qOffset, scaledQ;
};

std::pair<Value, Value> ForwardTiler::keyBlockRange(OpBuilder &b,
                                                    Value qOffset) {
  int64_t count = kBlocks.count;
  // The last block holds padded keys when the blocks overrun the keys.
  bool paddedKeys = kBlocks.padded() != kLen;
  int64_t unmaskedLimit = paddedKeys ? count - 1 : count;
  if (!causal)
    return {index(b, unmaskedLimit), index(b, count)};
  // Query row i sees keys j <= i + shift. The block's last row reaches
  // key block floor((qOffset + Bq - 1 + shift) / Bk); its first row sees
  // every key of the blocks below floor((qOffset + shift + 1) / Bk).
  int64_t shift = kLen - qLen;
  auto clamp = [&](Value value, Value low, Value high) {
    return arith::MinSIOp::create(
        b, loc, arith::MaxSIOp::create(b, loc, value, low), high);
  };
  Value blockSize = index(b, kBlocks.size), zero = index(b, 0);
  Value lastRow = arith::AddIOp::create(b, loc, qOffset,
                                        index(b, qBlocks.size - 1 + shift));
  Value end = arith::AddIOp::create(
      b, loc, arith::FloorDivSIOp::create(b, loc, lastRow, blockSize),
      index(b, 1));
  end = clamp(end, zero, index(b, count));
  Value firstRow = arith::AddIOp::create(b, loc, qOffset, index(b, shift + 1));
  Value unmasked = arith::FloorDivSIOp::create(b, loc, firstRow, blockSize);
  unmasked = clamp(unmasked, zero, index(b, unmaskedLimit));
  unmasked = arith::MinSIOp::create(b, loc, unmasked, end);
  return {unmasked, end};
}

SmallVector<Value> ForwardTiler::emitKeyBlock(OpBuilder &b, Value kBlock,
                                              ValueRange state, bool masked) {
  MLIRContext *context = b.getContext();
  Value m = state[0], l = state[1], acc = state[2];
  int64_t rows = qBlocks.size, cols = kBlocks.size;
  Value kOffset = arith::MulIOp::create(b, loc, kBlock, index(b, cols));
  // A few query rows (decode) take dot products with the key rows in
  // place, which read K once instead of transposing it and packing each
  // block for a product.
  Value keyBlock = narrow ? block(b, keys, batchIndex, kvHeadIndex, kOffset,
                                  index(b, 0), cols, headDim)
                          : block(b, keysT, batchIndex, kvHeadIndex,
                                  index(b, 0), kOffset, headDim, cols);
  Value valueBlock = block(b, values, batchIndex, kvHeadIndex, kOffset,
                           index(b, 0), cols, vDim);

  // s = (q * scale) k^T on the block, then the mask operand and (on the
  // blocks that need it) causality and the keys past the end.
  Value scores;
  if (narrow) {
    AffineExpr i, j, d;
    bindDims(context, i, j, d);
    scores = generic(
        b, ValueRange{scaledQ, keyBlock}, filled(b, {rows, cols}, 0.0),
        {AffineMap::get(3, 0, {i, d}, context),
         AffineMap::get(3, 0, {j, d}, context),
         AffineMap::get(3, 0, {i, j}, context)},
        {utils::IteratorType::parallel, utils::IteratorType::parallel,
         utils::IteratorType::reduction},
        [&](OpBuilder &nb, Location at, ValueRange args) {
          return arith::AddFOp::create(
              nb, at, args[2], arith::MulFOp::create(nb, at, args[0], args[1]));
        });
  } else {
    scores = linalg::MatmulOp::create(b, loc, ValueRange{scaledQ, keyBlock},
                                      filled(b, {rows, cols}, 0.0))
                 .getResult(0);
  }
  scores = maskScores(b, scores, qOffset, kOffset, masked && causal,
                      masked && kBlocks.padded() != kLen);

  AffineExpr i, j;
  bindDims(context, i, j);
  auto rowsMap = AffineMap::get(2, 0, {i}, context);
  auto blockMap = AffineMap::get(2, 0, {i, j}, context);
  auto parallel = utils::IteratorType::parallel;
  auto reduction = utils::IteratorType::reduction;
  Value negInf = scalar(b, kNegInf);

  // Exponents are taken against m', or 0 while a row has seen no key
  // (m' = -inf): then p = alpha = exp(-inf) = 0 and the row stays empty.
  auto shifted = [&](OpBuilder &nb, Location at, Value x, Value rowMax) {
    Value none = arith::CmpFOp::create(nb, at, arith::CmpFPredicate::OEQ,
                                       rowMax, negInf);
    Value base = arith::SelectOp::create(
        nb, at, none,
        arith::ConstantOp::create(nb, at, nb.getFloatAttr(compute, 0.0)),
        rowMax);
    return math::ExpOp::create(nb, at, arith::SubFOp::create(nb, at, x, base));
  };
  Value blockMax = generic(
      b, scores, filled(b, {rows}, kNegInf), {blockMap, rowsMap},
      {parallel, reduction}, [&](OpBuilder &nb, Location at, ValueRange args) {
        return arith::MaximumFOp::create(nb, at, args[0], args[1]);
      });
  // m' = max(m, blockmax) in place of m, and alpha = exp(m - m'). Every
  // loop-carried value is updated in place, so that bufferization keeps
  // one buffer for each across the key blocks.
  auto rowsIdentity = AffineMap::getMultiDimIdentityMap(1, context);
  auto update = linalg::GenericOp::create(
      b, loc, TypeRange{m.getType(), m.getType()}, ValueRange{blockMax},
      ValueRange{m, tensor::EmptyOp::create(b, loc, rows, compute)},
      {rowsIdentity, rowsIdentity, rowsIdentity}, {parallel},
      [&](OpBuilder &nb, Location at, ValueRange args) {
        Value newMax = arith::MaximumFOp::create(nb, at, args[1], args[0]);
        linalg::YieldOp::create(
            nb, at, ValueRange{newMax, shifted(nb, at, args[1], newMax)});
      });
  Value newMax = update.getResult(0), alpha = update.getResult(1);
  // p = exp(s - m'), in place of s.
  Value probs =
      generic(b, newMax, scores, {rowsMap, blockMap}, {parallel, parallel},
              [&](OpBuilder &nb, Location at, ValueRange args) {
                return shifted(nb, at, args[1], args[0]);
              });
  // l' = l * alpha + rowsum(p).
  Value newSum =
      generic(b, alpha, l, {rowsIdentity, rowsIdentity}, {parallel},
              [&](OpBuilder &nb, Location at, ValueRange args) {
                return arith::MulFOp::create(nb, at, args[1], args[0]);
              });
  newSum = generic(b, probs, newSum, {blockMap, rowsMap}, {parallel, reduction},
                   [&](OpBuilder &nb, Location at, ValueRange args) {
                     return arith::AddFOp::create(nb, at, args[1], args[0]);
                   });
  // acc' = acc * alpha + p v.
  Value scaledAcc =
      generic(b, alpha, acc, {rowsMap, blockMap}, {parallel, parallel},
              [&](OpBuilder &nb, Location at, ValueRange args) {
                return arith::MulFOp::create(nb, at, args[1], args[0]);
              });
  if (narrow) {
    // acc[i, e] += p[i, j] v[j, e], e innermost: rows of V in place.
    AffineExpr i, j, e;
    bindDims(context, i, j, e);
    Value newAcc = generic(
        b, ValueRange{probs, valueBlock}, scaledAcc,
        {AffineMap::get(3, 0, {i, j}, context),
         AffineMap::get(3, 0, {j, e}, context),
         AffineMap::get(3, 0, {i, e}, context)},
        {parallel, reduction, parallel},
        [&](OpBuilder &nb, Location at, ValueRange args) {
          return arith::AddFOp::create(
              nb, at, args[2], arith::MulFOp::create(nb, at, args[0], args[1]));
        });
    return {newMax, newSum, newAcc};
  }
  Value newAcc =
      linalg::MatmulOp::create(b, loc, ValueRange{probs, valueBlock}, scaledAcc)
          .getResult(0);
  return {newMax, newSum, newAcc};
}

void ForwardTiler::loadQueries(OpBuilder &b, Value queries) {
  MLIRContext *context = b.getContext();
  int64_t rows = qBlocks.size;
  auto identity2 = AffineMap::getMultiDimIdentityMap(2, context);
  SmallVector<utils::IteratorType> parallel2(2, utils::IteratorType::parallel);
  Value scaleValue = scalar(b, scale);
  scaledQ =
      generic(b,
              block(b, queries, batchIndex, headIndex, qOffset, index(b, 0),
                    rows, headDim),
              tensor::EmptyOp::create(b, loc, {rows, headDim}, compute),
              {identity2, identity2}, parallel2,
              [&](OpBuilder &nb, Location at, ValueRange args) {
                return arith::MulFOp::create(
                    nb, at, convert(nb, at, args[0], compute), scaleValue);
              });
}

SmallVector<Value> ForwardTiler::streamKeys(OpBuilder &b, Value lo, Value hi) {
  int64_t rows = qBlocks.size;
  SmallVector<Value> state = {filled(b, {rows}, kNegInf),
                              filled(b, {rows}, 0.0),
                              filled(b, {rows, vDim}, 0.0)};
  auto [unmasked, end] = keyBlockRange(b, qOffset);
  Value from = index(b, 0);
  if (lo) {
    // This part's blocks [lo, hi) of the query block's range.
    auto clamp = [&](Value value) {
      return arith::MinSIOp::create(
          b, loc, arith::MaxSIOp::create(b, loc, value, lo), hi);
    };
    from = lo;
    unmasked = clamp(unmasked);
    end = clamp(end);
  }
  auto streamBlocks = [&](Value first, Value last, bool masked) {
    auto loop = scf::ForOp::create(
        b, loc, first, last, index(b, 1), state,
        [&](OpBuilder &nb, Location, Value kBlock, ValueRange args) {
          SmallVector<Value> next = emitKeyBlock(nb, kBlock, args, masked);
          scf::YieldOp::create(nb, loc, next);
        });
    state.assign(loop.getResults().begin(), loop.getResults().end());
  };
  streamBlocks(from, unmasked, /*masked=*/false);
  if (causal || kBlocks.padded() != kLen)
    streamBlocks(unmasked, end, /*masked=*/true);
  return state;
}

SmallVector<Value> ForwardTiler::emitSplit(OpBuilder &b, Value queries) {
  MLIRContext *context = b.getContext();
  int64_t rows = qBlocks.size, count = qBlocks.count;
  int64_t tasks = batch * qHeads * count * splits;
  int64_t per = llvm::divideCeil(kBlocks.count, splits);
  // Each task's partial (acc, m, l), indexed by task.
  SmallVector<Value> inits = {
      tensor::EmptyOp::create(b, loc, {tasks, rows, vDim}, compute),
      tensor::EmptyOp::create(b, loc, {tasks, rows}, compute),
      tensor::EmptyOp::create(b, loc, {tasks, rows}, compute)};
  auto forall = scf::ForallOp::create(
      b, loc, ArrayRef<OpFoldResult>{b.getIndexAttr(tasks)}, inits,
      std::nullopt);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(forall.getTerminator());
    // task = ((batch * Hq + head) * count + query block) * splits + part.
    Value task = forall.getInductionVar(0);
    Value part = arith::RemUIOp::create(b, loc, task, index(b, splits));
    Value rest = arith::DivUIOp::create(b, loc, task, index(b, splits));
    Value qBlock = arith::RemUIOp::create(b, loc, rest, index(b, count));
    Value head = arith::DivUIOp::create(b, loc, rest, index(b, count));
    batchIndex = arith::DivUIOp::create(b, loc, head, index(b, qHeads));
    headIndex = arith::RemUIOp::create(b, loc, head, index(b, qHeads));
    kvHeadIndex = arith::DivUIOp::create(b, loc, headIndex, index(b, group));
    qOffset = arith::MulIOp::create(b, loc, qBlock, index(b, rows));
    loadQueries(b, queries);
    Value lo = arith::MulIOp::create(b, loc, part, index(b, per));
    Value hi = arith::MinSIOp::create(
        b, loc, arith::AddIOp::create(b, loc, lo, index(b, per)),
        index(b, kBlocks.count));
    SmallVector<Value> state = streamKeys(b, lo, hi);
    b.setInsertionPointToStart(forall.getTerminator().getBody());
    Value results[] = {state[2], state[0], state[1]};
    for (auto [result, shared] :
         llvm::zip_equal(results, forall.getRegionIterArgs())) {
      int64_t rank = cast<RankedTensorType>(shared.getType()).getRank();
      SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
      offsets[0] = task;
      SmallVector<OpFoldResult> sizes = getAsIndexOpFoldResult(
          context, cast<RankedTensorType>(shared.getType()).getShape());
      sizes[0] = b.getIndexAttr(1);
      tensor::ParallelInsertSliceOp::create(
          b, loc, result, shared, offsets, sizes,
          SmallVector<OpFoldResult>(rank, b.getIndexAttr(1)));
    }
  }

  // The combine, over [B, Hq, count, splits, rows(, Dv)] views.
  auto view = [&](Value partial, bool wide) {
    SmallVector<int64_t> shape = {batch, qHeads, count, splits, rows};
    SmallVector<ReassociationIndices> groups = {{0, 1, 2, 3}, {4}};
    if (wide) {
      shape.push_back(vDim);
      groups.push_back({5});
    }
    return tensor::ExpandShapeOp::create(
        b, loc, RankedTensorType::get(shape, compute), partial, groups);
  };
  Value acc = view(forall.getResult(0), true);
  Value m = view(forall.getResult(1), false);
  Value l = view(forall.getResult(2), false);
  auto parallel = utils::IteratorType::parallel;
  auto reduction = utils::IteratorType::reduction;
  SmallVector<utils::IteratorType> rowIterators = {parallel, parallel, parallel,
                                                   reduction, parallel};
  AffineExpr d[6];
  bindDimsList(context, MutableArrayRef<AffineExpr>(d));
  auto parts5 = AffineMap::getMultiDimIdentityMap(5, context);
  auto rows5 = AffineMap::get(5, 0, {d[0], d[1], d[2], d[4]}, context);
  Value negInf = scalar(b, kNegInf);
  // e^(m_p - M), with M = -inf (no part saw a key) read as 0.
  auto weight = [&](OpBuilder &nb, Location at, Value mp, Value top) {
    Value none =
        arith::CmpFOp::create(nb, at, arith::CmpFPredicate::OEQ, top, negInf);
    Value base = arith::SelectOp::create(
        nb, at, none,
        arith::ConstantOp::create(nb, at, nb.getFloatAttr(compute, 0.0)), top);
    return math::ExpOp::create(nb, at, arith::SubFOp::create(nb, at, mp, base));
  };
  Value top = generic(
      b, m, filled(b, {batch, qHeads, count, rows}, kNegInf), {parts5, rows5},
      rowIterators, [&](OpBuilder &nb, Location at, ValueRange args) {
        return arith::MaximumFOp::create(nb, at, args[0], args[1]);
      });
  Value sum = generic(b, ValueRange{l, m, top},
                      filled(b, {batch, qHeads, count, rows}, 0.0),
                      {parts5, parts5, rows5, rows5}, rowIterators,
                      [&](OpBuilder &nb, Location at, ValueRange args) {
                        Value term = arith::MulFOp::create(
                            nb, at, args[0], weight(nb, at, args[1], args[2]));
                        return arith::AddFOp::create(nb, at, args[3], term);
                      });
  auto parts6 = AffineMap::getMultiDimIdentityMap(6, context);
  auto rowsOf6 = AffineMap::get(6, 0, {d[0], d[1], d[2], d[3], d[4]}, context);
  auto topOf6 = AffineMap::get(6, 0, {d[0], d[1], d[2], d[4]}, context);
  auto out6 = AffineMap::get(6, 0, {d[0], d[1], d[2], d[4], d[5]}, context);
  Value weighted =
      generic(b, ValueRange{acc, m, top},
              filled(b, {batch, qHeads, count, rows, vDim}, 0.0),
              {parts6, rowsOf6, topOf6, out6},
              {parallel, parallel, parallel, reduction, parallel, parallel},
              [&](OpBuilder &nb, Location at, ValueRange args) {
                Value term = arith::MulFOp::create(
                    nb, at, args[0], weight(nb, at, args[1], args[2]));
                return arith::AddFOp::create(nb, at, args[3], term);
              });
  // out = weighted / sum, or 0 for a row that saw no key.
  auto identity5 = AffineMap::getMultiDimIdentityMap(5, context);
  auto rowsOf5 = AffineMap::get(5, 0, {d[0], d[1], d[2], d[3]}, context);
  Value computeZero = scalar(b, 0.0);
  Value out = generic(
      b, ValueRange{weighted, sum},
      tensor::EmptyOp::create(b, loc, {batch, qHeads, count, rows, vDim},
                              element),
      {identity5, rowsOf5, identity5},
      SmallVector<utils::IteratorType>(5, parallel),
      [&](OpBuilder &nb, Location at, ValueRange args) {
        Value empty = arith::CmpFOp::create(nb, at, arith::CmpFPredicate::OEQ,
                                            args[1], computeZero);
        Value quotient = arith::DivFOp::create(nb, at, args[0], args[1]);
        return convert(
            nb, at,
            arith::SelectOp::create(nb, at, empty, computeZero, quotient),
            element);
      });
  auto padded =
      RankedTensorType::get({batch, qHeads, qBlocks.padded(), vDim}, element);
  out = tensor::CollapseShapeOp::create(
      b, loc, padded, out,
      SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}, {4}});
  SmallVector<Value> results = {sliceSequence(b, out, qLen)};
  if (withLse) {
    auto identity4 = AffineMap::getMultiDimIdentityMap(4, context);
    Value lse = generic(
        b, ValueRange{top, sum},
        tensor::EmptyOp::create(b, loc, {batch, qHeads, count, rows}, compute),
        {identity4, identity4, identity4},
        SmallVector<utils::IteratorType>(4, parallel),
        [&](OpBuilder &nb, Location at, ValueRange args) {
          Value empty = arith::CmpFOp::create(nb, at, arith::CmpFPredicate::OEQ,
                                              args[1], computeZero);
          Value value = arith::AddFOp::create(
              nb, at, args[0], math::LogOp::create(nb, at, args[1]));
          Value inf = arith::ConstantOp::create(
              nb, at,
              nb.getFloatAttr(compute,
                              std::numeric_limits<double>::infinity()));
          return arith::SelectOp::create(nb, at, empty, inf, value);
        });
    lse = tensor::CollapseShapeOp::create(
        b, loc,
        RankedTensorType::get({batch, qHeads, qBlocks.padded()}, compute), lse,
        SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});
    results.push_back(sliceSequence(b, lse, qLen));
  }
  return results;
}

SmallVector<Value> ForwardTiler::emit(OpBuilder &b) {
  MLIRContext *context = b.getContext();
  int64_t rows = qBlocks.size;
  TypedAttr zero = b.getFloatAttr(element, 0.0);
  TypedAttr computeZero = b.getFloatAttr(compute, 0.0);

  // Once per op, O(sequence) each: K transposed to [B, Hkv, D, Sk] (the
  // block product's B operand, so that each task reads it in place), V in
  // the compute type, all padded to whole blocks.
  if (narrow)
    keys = padTo(b, toCompute(b, key), 2, kBlocks.padded(), computeZero);
  else
    keysT = transposedKeys(b, key);
  values = padTo(b, toCompute(b, value), 2, kBlocks.padded(), computeZero);
  Value queries = padTo(b, query, 2, qBlocks.padded(), zero);
  if (mask)
    preparedMask = prepareMask(b);
  if (splits > 1)
    return emitSplit(b, queries);

  // One task per (batch, query head, query block), in that order.
  int64_t tasks = batch * qHeads * qBlocks.count;
  SmallVector<Value> inits = {tensor::EmptyOp::create(
      b, loc, {batch, qHeads, qBlocks.padded(), vDim}, element)};
  if (withLse)
    inits.push_back(tensor::EmptyOp::create(
        b, loc, {batch, qHeads, qBlocks.padded()}, compute));
  auto forall = scf::ForallOp::create(
      b, loc, ArrayRef<OpFoldResult>{b.getIndexAttr(tasks)}, inits,
      std::nullopt);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(forall.getTerminator());
  Value task = forall.getInductionVar(0);
  Value qBlock = arith::RemUIOp::create(b, loc, task, index(b, qBlocks.count));
  Value head = arith::DivUIOp::create(b, loc, task, index(b, qBlocks.count));
  batchIndex = arith::DivUIOp::create(b, loc, head, index(b, qHeads));
  headIndex = arith::RemUIOp::create(b, loc, head, index(b, qHeads));
  kvHeadIndex = arith::DivUIOp::create(b, loc, headIndex, index(b, group));
  qOffset = arith::MulIOp::create(b, loc, qBlock, index(b, rows));

  auto identity2 = AffineMap::getMultiDimIdentityMap(2, context);
  SmallVector<utils::IteratorType> parallel2(2, utils::IteratorType::parallel);
  loadQueries(b, queries);
  SmallVector<Value> state = streamKeys(b, Value(), Value());

  // out = acc / l, or 0 for a row that saw no key (l = 0; a NaN stays).
  auto rowsMap = AffineMap::get(2, 0, {getAffineDimExpr(0, context)}, context);
  Value out =
      generic(b, ValueRange{state[2], state[1]},
              tensor::EmptyOp::create(b, loc, {rows, vDim}, element),
              {identity2, rowsMap, identity2}, parallel2,
              [&](OpBuilder &nb, Location at, ValueRange args) {
                Value empty = arith::CmpFOp::create(
                    nb, at, arith::CmpFPredicate::OEQ, args[1],
                    arith::ConstantOp::create(nb, at, computeZero));
                Value quotient =
                    arith::DivFOp::create(nb, at, args[0], args[1]);
                Value result = arith::SelectOp::create(
                    nb, at, empty,
                    arith::ConstantOp::create(nb, at, computeZero), quotient);
                return convert(nb, at, result, element);
              });
  // lse = m + log(l), or +inf for a row that saw no key.
  Value lse;
  if (withLse) {
    auto rowsIdentity = AffineMap::getMultiDimIdentityMap(1, context);
    lse = generic(b, ValueRange{state[0], state[1]},
                  tensor::EmptyOp::create(b, loc, {rows}, compute),
                  {rowsIdentity, rowsIdentity, rowsIdentity},
                  {utils::IteratorType::parallel},
                  [&](OpBuilder &nb, Location at, ValueRange args) {
                    Value empty = arith::CmpFOp::create(
                        nb, at, arith::CmpFPredicate::OEQ, args[1],
                        arith::ConstantOp::create(nb, at, computeZero));
                    Value sum = arith::AddFOp::create(
                        nb, at, args[0], math::LogOp::create(nb, at, args[1]));
                    Value inf = arith::ConstantOp::create(
                        nb, at,
                        nb.getFloatAttr(
                            compute, std::numeric_limits<double>::infinity()));
                    return arith::SelectOp::create(nb, at, empty, inf, sum);
                  });
  }
  b.setInsertionPointToStart(forall.getTerminator().getBody());
  SmallVector<OpFoldResult> offsets = {batchIndex, headIndex, qOffset,
                                       b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes =
      getAsIndexOpFoldResult(context, ArrayRef<int64_t>{1, 1, rows, vDim});
  SmallVector<OpFoldResult> strides(4, b.getIndexAttr(1));
  tensor::ParallelInsertSliceOp::create(
      b, loc, out, forall.getRegionIterArgs()[0], offsets, sizes, strides);
  if (withLse) {
    SmallVector<OpFoldResult> rowOffsets = {batchIndex, headIndex, qOffset};
    SmallVector<OpFoldResult> rowSizes =
        getAsIndexOpFoldResult(context, ArrayRef<int64_t>{1, 1, rows});
    tensor::ParallelInsertSliceOp::create(
        b, loc, lse, forall.getRegionIterArgs()[1], rowOffsets, rowSizes,
        ArrayRef<OpFoldResult>(strides).drop_back());
  }

  b.setInsertionPointAfter(forall);
  SmallVector<Value> results = {sliceSequence(b, forall.getResult(0), qLen)};
  if (withLse)
    results.push_back(sliceSequence(b, forall.getResult(1), qLen));
  return results;
}

struct TileAttentionPass
    : kiln::impl::TileAttentionPassBase<TileAttentionPass> {
  using TileAttentionPassBase::TileAttentionPassBase;

  void runOnOperation() override {
    if (qBlock < 1 || kBlock < 1) {
      getOperation()->emitError("kiln-tile-attention: q-block and k-block "
                                "must be positive, got ")
          << qBlock.getValue() << " and " << kBlock.getValue();
      return signalPassFailure();
    }
    SmallVector<Operation *> ops;
    getOperation()->walk([&](Operation *op) {
      if (isa<AttentionOp, AttentionLseOp, AttentionGradOp>(op) &&
          AttentionTiling::canTile(op))
        ops.push_back(op);
    });
    OpBuilder b(&getContext());
    for (Operation *op : ops) {
      b.setInsertionPoint(op);
      SmallVector<Value> results =
          TypeSwitch<Operation *, SmallVector<Value>>(op)
              .Case([&](AttentionOp op) {
                return ForwardTiler(op, qBlock, kBlock, false, decodeTasks)
                    .emit(b);
              })
              .Case([&](AttentionLseOp op) {
                return ForwardTiler(op, qBlock, kBlock, true, decodeTasks)
                    .emit(b);
              })
              .Case([&](AttentionGradOp op) {
                return emitTiledAttentionGrad(op, qBlock, kBlock, b);
              });
      op->replaceAllUsesWith(results);
      op->erase();
    }
  }
};

} // namespace
