//===- AttentionTiling.cpp - What the attention loop nests share ----------===//
//
// Blocking, block reads and the per-block mask of kiln-tile-attention's
// forward and backward loop nests (AttentionTiling.h).
//
//===----------------------------------------------------------------------===//

#include "AttentionTiling.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::kiln;

Blocking mlir::kiln::blockSequence(int64_t length, int64_t maxSize) {
  int64_t count = llvm::divideCeil(length, maxSize);
  return {static_cast<int64_t>(llvm::divideCeil(length, count)), count};
}

bool AttentionTiling::canTile(Operation *op) {
  for (Type type :
       llvm::concat<Type>(op->getOperandTypes(), op->getResultTypes())) {
    auto tensor = cast<RankedTensorType>(type);
    if (!tensor.hasStaticShape() ||
        llvm::any_of(tensor.getShape(), [](int64_t d) { return d == 0; }))
      return false;
  }
  return true;
}

AttentionTiling::AttentionTiling(Operation *op, Value query, Value key,
                                 Value value, Value mask, double scale,
                                 bool causal, int64_t qBlock, int64_t kBlock)
    : op(op), loc(op->getLoc()), query(query), key(key), value(value),
      mask(mask), scale(scale), causal(causal) {
  auto q = cast<RankedTensorType>(query.getType()),
       k = cast<RankedTensorType>(key.getType()),
       v = cast<RankedTensorType>(value.getType());
  element = q.getElementType();
  Builder b(op->getContext());
  compute = element.isF64() ? Type(b.getF64Type()) : Type(b.getF32Type());
  batch = q.getDimSize(0);
  qHeads = q.getDimSize(1);
  qLen = q.getDimSize(2);
  headDim = q.getDimSize(3);
  kvHeads = k.getDimSize(1);
  kLen = k.getDimSize(2);
  vDim = v.getDimSize(3);
  group = qHeads / kvHeads;
  qBlocks = blockSequence(qLen, qBlock);
  kBlocks = blockSequence(kLen, kBlock);
}

Value AttentionTiling::index(OpBuilder &b, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

Value AttentionTiling::scalar(OpBuilder &b, double value) {
  return arith::ConstantOp::create(b, loc, b.getFloatAttr(compute, value));
}

Value AttentionTiling::filled(OpBuilder &b, ArrayRef<int64_t> shape,
                              double value) {
  Value empty = tensor::EmptyOp::create(b, loc, shape, compute);
  return linalg::FillOp::create(b, loc, scalar(b, value), empty).getResult(0);
}

Value AttentionTiling::convert(OpBuilder &b, Location at, Value value,
                               Type to) {
  Type from = value.getType();
  if (from == to)
    return value;
  if (cast<FloatType>(from).getWidth() < cast<FloatType>(to).getWidth())
    return arith::ExtFOp::create(b, at, to, value);
  return arith::TruncFOp::create(b, at, to, value);
}

Value AttentionTiling::generic(OpBuilder &b, ValueRange inputs, Value init,
                               ArrayRef<AffineMap> maps,
                               ArrayRef<utils::IteratorType> iterators,
                               BodyBuilder body) {
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
             iterators,
             [&](OpBuilder &nested, Location at, ValueRange args) {
               linalg::YieldOp::create(nested, at, body(nested, at, args));
             })
      .getResult(0);
}

Value AttentionTiling::toCompute(OpBuilder &b, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getElementType() == compute)
    return value;
  auto identity =
      AffineMap::getMultiDimIdentityMap(type.getRank(), b.getContext());
  SmallVector<utils::IteratorType> parallel(type.getRank(),
                                            utils::IteratorType::parallel);
  return generic(b, value,
                 tensor::EmptyOp::create(b, loc, type.getShape(), compute),
                 {identity, identity}, parallel,
                 [&](OpBuilder &nb, Location at, ValueRange args) {
                   return convert(nb, at, args[0], compute);
                 });
}

Value AttentionTiling::transposed(OpBuilder &b, Value block) {
  MLIRContext *context = b.getContext();
  auto shape = cast<RankedTensorType>(block.getType()).getShape();
  AffineExpr i, j;
  bindDims(context, i, j);
  return generic(
      b, block, tensor::EmptyOp::create(b, loc, {shape[1], shape[0]}, compute),
      {AffineMap::get(2, 0, {j, i}, context),
       AffineMap::get(2, 0, {i, j}, context)},
      {utils::IteratorType::parallel, utils::IteratorType::parallel},
      [&](OpBuilder &, Location, ValueRange args) { return args[0]; });
}

Value AttentionTiling::padTo(OpBuilder &b, Value value, int64_t dim,
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

Value AttentionTiling::sliceSequence(OpBuilder &b, Value value,
                                     int64_t length) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getDimSize(2) == length)
    return value;
  SmallVector<int64_t> shape(type.getShape());
  shape[2] = length;
  SmallVector<OpFoldResult> zeros(type.getRank(), b.getIndexAttr(0)),
      strides(type.getRank(), b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(
      b, loc, type.clone(shape), value, zeros,
      getAsIndexOpFoldResult(b.getContext(), shape), strides);
}

Value AttentionTiling::block(OpBuilder &b, Value source, Value b0, Value h,
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

Value AttentionTiling::rowBlock(OpBuilder &b, Value source, Value b0, Value h,
                                Value row, int64_t rows) {
  auto type = cast<RankedTensorType>(source.getType());
  SmallVector<OpFoldResult> offsets = {b0, h, row};
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1), b.getIndexAttr(1),
                                     b.getIndexAttr(rows)};
  SmallVector<OpFoldResult> strides(3, b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(
      b, loc, RankedTensorType::get({rows}, type.getElementType()), source,
      offsets, sizes, strides);
}

Value AttentionTiling::transposedKeys(OpBuilder &b, Value keys) {
  MLIRContext *context = b.getContext();
  AffineExpr d0, d1, d2, d3;
  bindDims(context, d0, d1, d2, d3);
  auto identity = AffineMap::getMultiDimIdentityMap(4, context);
  SmallVector<utils::IteratorType> parallel4(4, utils::IteratorType::parallel);
  Value result = generic(
      b, keys,
      tensor::EmptyOp::create(b, loc, {batch, kvHeads, headDim, kLen}, compute),
      {AffineMap::get(4, 0, {d0, d1, d3, d2}, context), identity}, parallel4,
      [&](OpBuilder &nb, Location at, ValueRange args) {
        return convert(nb, at, args[0], compute);
      });
  return padTo(b, result, 3, kBlocks.padded(), b.getFloatAttr(compute, 0.0));
}

Value AttentionTiling::prepareMask(OpBuilder &b) {
  Value result = mask;
  auto type = cast<RankedTensorType>(result.getType());
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
    result = tensor::ExpandShapeOp::create(b, loc, type.clone(shape), result,
                                           groups);
    type = cast<RankedTensorType>(result.getType());
  }
  // Padded rows are dropped and padded keys masked by position (or zero),
  // so the padding's value does not matter.
  TypedAttr pad = type.getElementType().isInteger(1)
                      ? TypedAttr(b.getBoolAttr(false))
                      : TypedAttr(b.getFloatAttr(type.getElementType(), 0.0));
  if (type.getDimSize(2) != 1)
    result = padTo(b, result, 2, qBlocks.padded(), pad);
  if (type.getDimSize(3) != 1)
    result = padTo(b, result, 3, kBlocks.padded(), pad);
  return result;
}

Value AttentionTiling::maskScores(OpBuilder &b, Value scores, Value qOffset,
                                  Value kOffset, bool causal, bool paddedKeys) {
  if (!preparedMask && !causal && !paddedKeys)
    return scores;
  MLIRContext *context = b.getContext();
  int64_t rows = qBlocks.size, cols = kBlocks.size;
  AffineExpr i, j;
  bindDims(context, i, j);
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  if (preparedMask) {
    Value maskBlock = block(b, preparedMask, batchIndex, headIndex, qOffset,
                            kOffset, rows, cols);
    auto maskType = cast<RankedTensorType>(maskBlock.getType());
    AffineExpr zero = getAffineConstantExpr(0, context);
    maps.push_back(AffineMap::get(2, 0,
                                  {maskType.getDimSize(0) == 1 ? zero : i,
                                   maskType.getDimSize(1) == 1 ? zero : j},
                                  context));
    inputs.push_back(maskBlock);
  }
  maps.push_back(AffineMap::get(2, 0, {i, j}, context));
  Value negInf = scalar(b, kNegInf);
  Value diagonal =
      causal ? arith::AddIOp::create(b, loc, qOffset, index(b, kLen - qLen))
             : Value();
  return generic(
      b, inputs, scores, maps,
      {utils::IteratorType::parallel, utils::IteratorType::parallel},
      [&](OpBuilder &nb, Location at, ValueRange args) -> Value {
        Value score = args.back();
        if (preparedMask) {
          Value entry = args.front();
          if (entry.getType().isInteger(1))
            score = arith::SelectOp::create(nb, at, entry, score, negInf);
          else
            score = arith::AddFOp::create(nb, at, score,
                                          convert(nb, at, entry, compute));
        }
        if (!causal && !paddedKeys)
          return score;
        Value keyIndex = arith::AddIOp::create(
            nb, at, kOffset, linalg::IndexOp::create(nb, at, 1));
        Value visible;
        if (causal) {
          Value row = arith::AddIOp::create(nb, at, diagonal,
                                            linalg::IndexOp::create(nb, at, 0));
          visible = arith::CmpIOp::create(nb, at, arith::CmpIPredicate::sle,
                                          keyIndex, row);
        }
        if (paddedKeys) {
          Value inside = arith::CmpIOp::create(
              nb, at, arith::CmpIPredicate::slt, keyIndex,
              arith::ConstantIndexOp::create(nb, at, kLen));
          visible =
              visible ? arith::AndIOp::create(nb, at, visible, inside) : inside;
        }
        return arith::SelectOp::create(nb, at, visible, score, negInf);
      });
}
