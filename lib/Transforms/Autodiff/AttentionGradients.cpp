//===- AttentionGradients.cpp - FlashAttention-2's backward for autodiff --===//
//
// kiln.attention's rule: the forward op becomes kiln.attention_lse, which
// also returns the per-row log-sum-exp, and the backward is one
// kiln.attention_grad that recomputes the scores from q, k and that
// log-sum-exp. Between them only the output and the log-sum-exp
// ([B, H, Sq]) stay live, so a training step's attention needs O(seq)
// memory once both ops are tiled (kiln-tile-attention), and remat sees the
// log-sum-exp as the residual it keeps or recomputes.
//
//===----------------------------------------------------------------------===//

#include "GradientRules.h"

using namespace mlir;
using namespace mlir::kiln;

std::optional<autodiff::Adjoints> autodiff::attentionGradient(AttentionOp op,
                                                              Value adjoint,
                                                              bool maskActive,
                                                              KilnBuilder &k) {
  // kiln.attention_grad gives the mask no gradient: an additive mask that
  // is itself differentiated (a learned position bias) needs the [B, H,
  // Sq, Sk] score adjoint, which the decomposition's rules provide.
  if (maskActive)
    return std::nullopt;
  OpBuilder forward(op);
  auto withLse = AttentionLseOp::create(forward, op.getLoc(), op->getOperands(),
                                        op->getAttrs());
  op.getResult().replaceAllUsesWith(withLse.getResult());
  SmallVector<Value> operands = {op.getQuery(),    op.getKey(),
                                 op.getValue(),    withLse.getResult(),
                                 withLse.getLse(), adjoint};
  if (Value mask = op.getMask())
    operands.push_back(mask);
  auto grad = AttentionGradOp::create(k.builder(), operands, op->getAttrs());
  Adjoints result = {grad.getQueryGrad(), grad.getKeyGrad(),
                     grad.getValueGrad()};
  if (op.getMask())
    result.push_back(Value());
  return result;
}
