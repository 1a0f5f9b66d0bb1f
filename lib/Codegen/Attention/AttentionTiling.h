//===- AttentionTiling.h - What the attention loop nests share ------------===//
//
// The forward (TileAttention.cpp) and backward (TileAttentionBackward.cpp)
// loop nests of kiln-tile-attention read the same operands the same way:
// sequences cut into even blocks and padded to whole ones, rank-4 blocks
// read in place, the mask and causality applied to one block of scores.
// This base holds those pieces; each nest adds its loops.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_CODEGEN_ATTENTION_ATTENTIONTILING_H
#define KILN_LIB_CODEGEN_ATTENTION_ATTENTIONTILING_H

#include "kiln/KilnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

namespace mlir::kiln {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

/// `count` blocks of `size` covering a sequence of `length`: as few blocks
/// of at most `maxSize` as it takes, evened out so that the padding (at
/// most count - 1 rows) is as small as it can be.
struct Blocking {
  int64_t size, count;
  int64_t padded() const { return size * count; }
};
Blocking blockSequence(int64_t length, int64_t maxSize);

using BodyBuilder =
    function_ref<Value(OpBuilder &, Location, ValueRange /*block args*/)>;

/// The operands, attributes and sizes of one attention op, and the small
/// builders its loop nest is made of.
class AttentionTiling {
public:
  /// Whether `op`'s operands and results have the static, non-empty
  /// shapes a loop nest needs.
  static bool canTile(Operation *op);

protected:
  template <typename Op>
  AttentionTiling(Op op, int64_t qBlock, int64_t kBlock)
      : AttentionTiling(op, op.getQuery(), op.getKey(), op.getValue(),
                        op.getMask(), op.getEffectiveScale(), op.getCausal(),
                        qBlock, kBlock) {}
  AttentionTiling(Operation *op, Value query, Value key, Value value,
                  Value mask, double scale, bool causal, int64_t qBlock,
                  int64_t kBlock);

  // Constants and small builders.
  Value index(OpBuilder &b, int64_t value);
  Value scalar(OpBuilder &b, double value);
  Value filled(OpBuilder &b, ArrayRef<int64_t> shape, double value);
  Value convert(OpBuilder &b, Location at, Value value, Type to);
  /// A linalg.generic writing `init` (its maps: inputs', then init's).
  Value generic(OpBuilder &b, ValueRange inputs, Value init,
                ArrayRef<AffineMap> maps,
                ArrayRef<utils::IteratorType> iterators, BodyBuilder body);
  /// `value` in the compute type, through an elementwise generic.
  Value toCompute(OpBuilder &b, Value value);
  /// [Bx, By] -> [By, Bx] in the compute type.
  Value transposed(OpBuilder &b, Value block);
  /// `value` with dimension `dim` padded at the end to `size` by `pad`.
  Value padTo(OpBuilder &b, Value value, int64_t dim, int64_t size,
              TypedAttr pad);
  /// A [B, H, S, X] or [B, H, S] `value` cut back to `length` along the
  /// sequence (dim 2).
  Value sliceSequence(OpBuilder &b, Value value, int64_t length);
  /// A [rows, cols] block of the rank-4 `source` at (b, h, row, col); each
  /// dimension of size 1 in `source` is broadcast (offset 0, size 1).
  Value block(OpBuilder &b, Value source, Value b0, Value h, Value row,
              Value col, int64_t rows, int64_t cols);
  /// The [rows] slice at (b, h, row) of a rank-3 [B, H, S] `source`.
  Value rowBlock(OpBuilder &b, Value source, Value b0, Value h, Value row,
                 int64_t rows);
  /// K transposed to [B, Hkv, D, Sk'] in the compute type, padded with
  /// zeros to whole key blocks: a block product's B operand.
  Value transposedKeys(OpBuilder &b, Value keys);
  /// The mask operand as rank 4, padded to whole blocks.
  Value prepareMask(OpBuilder &b);
  /// `scores`, a [Bq, Bk] block of query rows from `qOffset` and keys from
  /// `kOffset` (of batch `batchIndex`, query head `headIndex`), with the
  /// mask operand applied, and -inf where `causal` hides a key or
  /// `paddedKeys` says the key is past the end.
  Value maskScores(OpBuilder &b, Value scores, Value qOffset, Value kOffset,
                   bool causal, bool paddedKeys);

  Operation *op;
  Location loc;
  Value query, key, value, mask;
  double scale;
  bool causal;
  Type element, compute;
  int64_t batch, qHeads, qLen, headDim, kvHeads, kLen, vDim, group;
  Blocking qBlocks, kBlocks;
  // The mask as rank 4, padded (prepareMask), and the task's coordinates.
  Value preparedMask, batchIndex, headIndex, kvHeadIndex;
};

} // namespace mlir::kiln

#endif // KILN_LIB_CODEGEN_ATTENTION_ATTENTIONTILING_H
