//===- TileAttention.cpp - The --kiln-tile-attention pass -----------------===//
//
// kiln.attention as FlashAttention-2's forward pass: query blocks in
// parallel, key/value blocks streamed through an online softmax. The pass
// description (Passes.td) gives the recurrence; this file builds it.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/Attention/Passes.h"
#include "kiln/KilnOps.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"

#include <limits>

namespace mlir::kiln {
#define GEN_PASS_DEF_TILEATTENTIONPASS
#include "kiln/Codegen/Attention/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

/// `count` blocks of `size` covering a sequence of `length`: as few blocks
/// of at most `maxSize` as it takes, evened out so that the padding (at
/// most count - 1 rows) is as small as it can be.
struct Blocking {
  int64_t size, count;
  int64_t padded() const { return size * count; }
};

Blocking blockSequence(int64_t length, int64_t maxSize) {
  int64_t count = llvm::divideCeil(length, maxSize);
  return {static_cast<int64_t>(llvm::divideCeil(length, count)), count};
}

using BodyBuilder =
    function_ref<Value(OpBuilder &, Location, ValueRange /*block args*/)>;

/// Builds the loop nest of one kiln.attention.
class AttentionTiler {
public:
  AttentionTiler(AttentionOp op, int64_t qBlock, int64_t kBlock)
      : op(op), loc(op.getLoc()) {
    auto q = op.getQuery().getType(), k = op.getKey().getType(),
         v = op.getValue().getType();
    element = q.getElementType();
    Builder b(op.getContext());
    compute = element.isF64() ? Type(b.getF64Type()) : Type(b.getF32Type());
    batch = q.getDimSize(0);
    qHeads = q.getDimSize(1);
    qLen = q.getDimSize(2);
    headDim = q.getDimSize(3);
    kvHeads = k.getDimSize(1);
    kLen = k.getDimSize(2);
    vDim = v.getDimSize(3);
    qBlocks = blockSequence(qLen, qBlock);
    kBlocks = blockSequence(kLen, kBlock);
  }

  /// Whether the op has the static, non-empty shapes the loop nest needs.
  static bool canTile(AttentionOp op) {
    for (Value operand : op->getOperands()) {
      auto type = cast<RankedTensorType>(operand.getType());
      if (!type.hasStaticShape() ||
          llvm::any_of(type.getShape(), [](int64_t d) { return d == 0; }))
        return false;
    }
    return op.getType().hasStaticShape();
  }

  Value emit(OpBuilder &b);

private:
  // Constants and small builders.
  Value index(OpBuilder &b, int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value);
  }
  Value scalar(OpBuilder &b, double value) {
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(compute, value));
  }
  Value filled(OpBuilder &b, ArrayRef<int64_t> shape, double value) {
    Value empty = tensor::EmptyOp::create(b, loc, shape, compute);
    return linalg::FillOp::create(b, loc, scalar(b, value), empty).getResult(0);
  }
  Value convert(OpBuilder &b, Location at, Value value, Type to) {
    Type from = value.getType();
    if (from == to)
      return value;
    if (cast<FloatType>(from).getWidth() < cast<FloatType>(to).getWidth())
      return arith::ExtFOp::create(b, at, to, value);
    return arith::TruncFOp::create(b, at, to, value);
  }
  /// A linalg.generic writing `init` (its maps: inputs', then init's).
  Value generic(OpBuilder &b, ValueRange inputs, Value init,
                ArrayRef<AffineMap> maps,
                ArrayRef<utils::IteratorType> iterators, BodyBuilder body) {
    return linalg::GenericOp::create(
               b, loc, TypeRange{init.getType()}, inputs, ValueRange{init},
               maps, iterators,
               [&](OpBuilder &nested, Location at, ValueRange args) {
                 linalg::YieldOp::create(nested, at, body(nested, at, args));
               })
        .getResult(0);
  }
  /// `value` with dimension `dim` padded at the end to `size` by `pad`.
  Value padTo(OpBuilder &b, Value value, int64_t dim, int64_t size,
              TypedAttr pad);
  /// A [rows, cols] block of the rank-4 `source` at (b, h, row, col); each
  /// dimension of size 1 in `source` is broadcast (offset 0, size 1).
  Value block(OpBuilder &b, Value source, Value b0, Value h, Value row,
              Value col, int64_t rows, int64_t cols);

  Value prepareMask(OpBuilder &b);
  /// The key blocks [first, end) a query block starting at `qOffset`
  /// reads, and where the ones that need masking begin.
  std::pair<Value, Value> keyBlockRange(OpBuilder &b, Value qOffset);
  /// One key/value block: the online-softmax update of (m, l, acc).
  SmallVector<Value> emitKeyBlock(OpBuilder &b, Value kBlock, ValueRange state,
                                  bool masked);

  AttentionOp op;
  Location loc;
  Type element, compute;
  int64_t batch, qHeads, qLen, headDim, kvHeads, kLen, vDim;
  Blocking qBlocks, kBlocks;
  // Per op: K transposed to [B, Hkv, D, Sk'], V in the compute type, the
  // mask as rank 4; all padded to the blocked lengths.
  Value keysT, values, mask;
  // Per task.
  Value batchIndex, headIndex, kvHeadIndex, qOffset, scaledQ;
};

Value AttentionTiler::padTo(OpBuilder &b, Value value, int64_t dim,
                            int64_t size, TypedAttr pad) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getDimSize(dim) == size)
    return value;
  SmallVector<int64_t> low(type.getRank(), 0), high(type.getRank(), 0);
  high[dim] = size - type.getDimSize(dim);
  SmallVector<int64_t> shape(type.getShape());
  shape[dim] = size;
  Value padValue = arith::ConstantOp::create(b, loc, pad);
  return tensor::PadOp::create(b, loc, type.clone(shape), value,
                               getAsIndexOpFoldResult(b.getContext(), low),
                               getAsIndexOpFoldResult(b.getContext(), high),
                               padValue);
}

Value AttentionTiler::block(OpBuilder &b, Value source, Value b0, Value h,
                            Value row, Value col, int64_t rows, int64_t cols) {
  auto type = cast<RankedTensorType>(source.getType());
  SmallVector<OpFoldResult> offsets, sizes;
  Value at[] = {b0, h, row, col};
  int64_t extent[] = {1, 1, rows, cols};
  for (int64_t dim = 0; dim < 4; ++dim) {
    bool broadcast = type.getDimSize(dim) == 1;
    offsets.push_back(broadcast ? OpFoldResult(b.getIndexAttr(0))
                                : OpFoldResult(at[dim]));
    sizes.push_back(b.getIndexAttr(broadcast ? 1 : extent[dim]));
  }
  auto result = RankedTensorType::get({getConstantIntValue(sizes[2]).value(),
                                       getConstantIntValue(sizes[3]).value()},
                                      type.getElementType());
  SmallVector<OpFoldResult> strides(4, b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(b, loc, result, source, offsets, sizes,
                                        strides);
}

Value AttentionTiler::prepareMask(OpBuilder &b) {
  Value value = op.getMask();
  auto type = cast<RankedTensorType>(value.getType());
  // NumPy broadcasting: missing leading dimensions are 1.
  if (type.getRank() < 4) {
    SmallVector<int64_t> shape(4 - type.getRank(), 1);
    llvm::append_range(shape, type.getShape());
    SmallVector<ReassociationIndices> groups;
    if (type.getRank() > 0) {
      groups.push_back({});
      for (int64_t dim = 0; dim <= 4 - type.getRank(); ++dim)
        groups.back().push_back(dim);
      for (int64_t dim = 5 - type.getRank(); dim < 4; ++dim)
        groups.push_back({dim});
    }
    value =
        tensor::ExpandShapeOp::create(b, loc, type.clone(shape), value, groups);
    type = cast<RankedTensorType>(value.getType());
  }
  // Padded rows are dropped and padded keys masked by position, so the
  // padding's value does not matter.
  TypedAttr pad = type.getElementType().isInteger(1)
                      ? TypedAttr(b.getBoolAttr(false))
                      : TypedAttr(b.getFloatAttr(type.getElementType(), 0.0));
  if (type.getDimSize(2) != 1)
    value = padTo(b, value, 2, qBlocks.padded(), pad);
  if (type.getDimSize(3) != 1)
    value = padTo(b, value, 3, kBlocks.padded(), pad);
  return value;
}

std::pair<Value, Value> AttentionTiler::keyBlockRange(OpBuilder &b,
                                                      Value qOffset) {
  int64_t count = kBlocks.count;
  // The last block holds padded keys when the blocks overrun the keys.
  bool paddedKeys = kBlocks.padded() != kLen;
  int64_t unmaskedLimit = paddedKeys ? count - 1 : count;
  if (!op.getCausal())
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

SmallVector<Value> AttentionTiler::emitKeyBlock(OpBuilder &b, Value kBlock,
                                                ValueRange state, bool masked) {
  MLIRContext *context = b.getContext();
  Value m = state[0], l = state[1], acc = state[2];
  int64_t rows = qBlocks.size, cols = kBlocks.size;
  Value kOffset = arith::MulIOp::create(b, loc, kBlock, index(b, cols));
  Value keyBlock = block(b, keysT, batchIndex, kvHeadIndex, index(b, 0),
                         kOffset, headDim, cols);
  Value valueBlock = block(b, values, batchIndex, kvHeadIndex, kOffset,
                           index(b, 0), cols, vDim);

  // s = (q * scale) k^T on the block.
  Value scores = linalg::MatmulOp::create(b, loc, ValueRange{scaledQ, keyBlock},
                                          filled(b, {rows, cols}, 0.0))
                     .getResult(0);

  AffineExpr i, j;
  bindDims(context, i, j);
  auto rowsMap = AffineMap::get(2, 0, {i}, context);
  auto blockMap = AffineMap::get(2, 0, {i, j}, context);
  auto parallel = utils::IteratorType::parallel;
  auto reduction = utils::IteratorType::reduction;
  Value negInf = scalar(b, kNegInf);

  // The mask operand, then (on the blocks that need it) causality and
  // the keys past the end.
  if (mask || masked) {
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    if (mask) {
      Value maskBlock =
          block(b, mask, batchIndex, headIndex, qOffset, kOffset, rows, cols);
      auto maskType = cast<RankedTensorType>(maskBlock.getType());
      AffineExpr zero = getAffineConstantExpr(0, context);
      maps.push_back(AffineMap::get(2, 0,
                                    {maskType.getDimSize(0) == 1 ? zero : i,
                                     maskType.getDimSize(1) == 1 ? zero : j},
                                    context));
      inputs.push_back(maskBlock);
    }
    maps.push_back(blockMap);
    bool causal = masked && op.getCausal();
    bool paddedKeys = masked && kBlocks.padded() != kLen;
    Value diagonal =
        arith::AddIOp::create(b, loc, qOffset, index(b, kLen - qLen));
    scores = generic(
        b, inputs, scores, maps, {parallel, parallel},
        [&](OpBuilder &nb, Location at, ValueRange args) -> Value {
          Value score = args.back();
          if (mask) {
            Value entry = args.front();
            if (entry.getType().isInteger(1))
              score = arith::SelectOp::create(nb, at, entry, score, negInf);
            else
              score = arith::AddFOp::create(nb, at, score,
                                            convert(nb, at, entry, compute));
          }
          if (!causal && !paddedKeys)
            return score;
          Value key = arith::AddIOp::create(nb, at, kOffset,
                                            linalg::IndexOp::create(nb, at, 1));
          Value visible;
          if (causal) {
            Value row = arith::AddIOp::create(
                nb, at, diagonal, linalg::IndexOp::create(nb, at, 0));
            visible = arith::CmpIOp::create(nb, at, arith::CmpIPredicate::sle,
                                            key, row);
          }
          if (paddedKeys) {
            Value inside = arith::CmpIOp::create(
                nb, at, arith::CmpIPredicate::slt, key,
                arith::ConstantIndexOp::create(nb, at, kLen));
            visible = visible ? arith::AndIOp::create(nb, at, visible, inside)
                              : inside;
          }
          return arith::SelectOp::create(nb, at, visible, score, negInf);
        });
  }

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
  Value newAcc =
      linalg::MatmulOp::create(b, loc, ValueRange{probs, valueBlock}, scaledAcc)
          .getResult(0);
  return {newMax, newSum, newAcc};
}

Value AttentionTiler::emit(OpBuilder &b) {
  MLIRContext *context = b.getContext();
  int64_t rows = qBlocks.size, group = qHeads / kvHeads;
  TypedAttr zero = b.getFloatAttr(element, 0.0);
  TypedAttr computeZero = b.getFloatAttr(compute, 0.0);

  // Once per op, O(sequence) each: K transposed to [B, Hkv, D, Sk] (the
  // block product's B operand, so that each task reads it in place), V in
  // the compute type, all padded to whole blocks.
  {
    AffineExpr d0, d1, d2, d3;
    bindDims(context, d0, d1, d2, d3);
    auto transposed = AffineMap::get(4, 0, {d0, d1, d3, d2}, context);
    auto identity = AffineMap::getMultiDimIdentityMap(4, context);
    SmallVector<utils::IteratorType> parallel4(4,
                                               utils::IteratorType::parallel);
    keysT = generic(b, op.getKey(),
                    tensor::EmptyOp::create(
                        b, loc, {batch, kvHeads, headDim, kLen}, compute),
                    {transposed, identity}, parallel4,
                    [&](OpBuilder &nb, Location at, ValueRange args) {
                      return convert(nb, at, args[0], compute);
                    });
    keysT = padTo(b, keysT, 3, kBlocks.padded(), computeZero);
    values = op.getValue();
    if (element != compute)
      values = generic(b, values,
                       tensor::EmptyOp::create(
                           b, loc, {batch, kvHeads, kLen, vDim}, compute),
                       {identity, identity}, parallel4,
                       [&](OpBuilder &nb, Location at, ValueRange args) {
                         return convert(nb, at, args[0], compute);
                       });
    values = padTo(b, values, 2, kBlocks.padded(), computeZero);
  }
  Value queries = padTo(b, op.getQuery(), 2, qBlocks.padded(), zero);
  if (op.getMask())
    mask = prepareMask(b);

  // One task per (batch, query head, query block), in that order.
  int64_t tasks = batch * qHeads * qBlocks.count;
  Value init = tensor::EmptyOp::create(
      b, loc, {batch, qHeads, qBlocks.padded(), vDim}, element);
  auto forall = scf::ForallOp::create(
      b, loc, ArrayRef<OpFoldResult>{b.getIndexAttr(tasks)}, ValueRange{init},
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
  Value scale = scalar(b, op.getEffectiveScale());
  scaledQ = generic(b,
                    block(b, queries, batchIndex, headIndex, qOffset,
                          index(b, 0), rows, headDim),
                    tensor::EmptyOp::create(b, loc, {rows, headDim}, compute),
                    {identity2, identity2}, parallel2,
                    [&](OpBuilder &nb, Location at, ValueRange args) {
                      return arith::MulFOp::create(
                          nb, at, convert(nb, at, args[0], compute), scale);
                    });

  SmallVector<Value> state = {filled(b, {rows}, kNegInf),
                              filled(b, {rows}, 0.0),
                              filled(b, {rows, vDim}, 0.0)};
  auto [unmasked, end] = keyBlockRange(b, qOffset);
  auto streamBlocks = [&](Value from, Value to, bool masked) {
    auto loop = scf::ForOp::create(
        b, loc, from, to, index(b, 1), state,
        [&](OpBuilder &nb, Location, Value kBlock, ValueRange args) {
          SmallVector<Value> next = emitKeyBlock(nb, kBlock, args, masked);
          scf::YieldOp::create(nb, loc, next);
        });
    state.assign(loop.getResults().begin(), loop.getResults().end());
  };
  streamBlocks(index(b, 0), unmasked, /*masked=*/false);
  if (op.getCausal() || kBlocks.padded() != kLen)
    streamBlocks(unmasked, end, /*masked=*/true);

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
  b.setInsertionPointToStart(forall.getTerminator().getBody());
  SmallVector<OpFoldResult> offsets = {batchIndex, headIndex, qOffset,
                                       b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes =
      getAsIndexOpFoldResult(context, ArrayRef<int64_t>{1, 1, rows, vDim});
  SmallVector<OpFoldResult> strides(4, b.getIndexAttr(1));
  tensor::ParallelInsertSliceOp::create(
      b, loc, out, forall.getRegionIterArgs()[0], offsets, sizes, strides);

  b.setInsertionPointAfter(forall);
  Value result = forall.getResult(0);
  if (qBlocks.padded() != qLen) {
    SmallVector<OpFoldResult> zeros(4, b.getIndexAttr(0));
    SmallVector<OpFoldResult> shape = getAsIndexOpFoldResult(
        context, ArrayRef<int64_t>{batch, qHeads, qLen, vDim});
    result = tensor::ExtractSliceOp::create(b, loc, op.getType(), result, zeros,
                                            shape, strides);
  }
  return result;
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
    SmallVector<AttentionOp> ops;
    getOperation()->walk([&](AttentionOp op) {
      if (AttentionTiler::canTile(op))
        ops.push_back(op);
    });
    OpBuilder b(&getContext());
    for (AttentionOp op : ops) {
      b.setInsertionPoint(op);
      Value result = AttentionTiler(op, qBlock, kBlock).emit(b);
      op.replaceAllUsesWith(result);
      op.erase();
    }
  }
};

} // namespace
