//===- TileAttentionBackward.h - kiln.attention_grad as a loop nest -------===//
//
// The backward half of kiln-tile-attention (TileAttentionBackward.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_CODEGEN_ATTENTION_TILEATTENTIONBACKWARD_H
#define KILN_LIB_CODEGEN_ATTENTION_TILEATTENTIONBACKWARD_H

#include "kiln/KilnOps.h"

namespace mlir::kiln {

/// `op`'s (dq, dk, dv) as FlashAttention-2's backward loop nest, built at
/// `b`'s insertion point; `op` must pass AttentionTiling::canTile.
SmallVector<Value> emitTiledAttentionGrad(AttentionGradOp op, int64_t qBlock,
                                          int64_t kBlock, OpBuilder &b);

} // namespace mlir::kiln

#endif // KILN_LIB_CODEGEN_ATTENTION_TILEATTENTIONBACKWARD_H
