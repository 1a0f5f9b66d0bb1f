"""Scaled dot-product attention written out in torch ops (Debian's torch
predates F.scaled_dot_product_attention), for attention.mlir.

A row whose keys are all masked gives 0, as Kiln defines it (softmax's
0/0 would be NaN): its probabilities are set to 0 from the masked scores,
not by replacing NaNs, so that a NaN input would still show. Its scores
are zeroed before the softmax too, so that autograd's softmax backward
sees no NaN there either (the gradient tests of
test/Transforms/Autodiff/attention-backward.mlir use this)."""
import math


def sdpa(q, k, v, attn_mask=None, scale=None, causal=False):
    if scale is None:
        scale = 1.0 / math.sqrt(q.shape[-1])
    if k.shape[1] != q.shape[1]:
        group = q.shape[1] // k.shape[1]
        k = k.repeat_interleave(group, 1)
        v = v.repeat_interleave(group, 1)
    scores = q @ k.transpose(-1, -2) * scale
    if attn_mask is not None:
        if attn_mask.dtype == torch.bool:
            scores = scores.masked_fill(~attn_mask, float("-inf"))
        else:
            scores = scores + attn_mask
    if causal:
        sq, sk = q.shape[-2], k.shape[-2]
        visible = torch.ones(sq, sk, dtype=torch.bool).tril(sk - sq)
        scores = scores.masked_fill(~visible, float("-inf"))
    empty = (scores == float("-inf")).all(-1, keepdim=True)
    probs = torch.softmax(scores.masked_fill(empty, 0.0), -1)
    probs = probs.masked_fill(empty, 0.0)
    return probs @ v


def sdpa_grad(q, k, v, grad, attn_mask=None, scale=None, causal=False):
    """The adjoints (dq, dk, dv) of sdpa's result for its adjoint `grad`,
    by torch autograd."""
    q, k, v = (x.detach().clone().requires_grad_() for x in (q, k, v))
    out = sdpa(q, k, v, attn_mask, scale, causal)
    return torch.autograd.grad(out, (q, k, v), grad)
