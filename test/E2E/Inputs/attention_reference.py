"""Scaled dot-product attention written out in torch ops (Debian's torch
predates F.scaled_dot_product_attention), for attention.mlir."""
import math


def sdpa(q, k, v, attn_mask=None, scale=None):
    if scale is None:
        scale = 1.0 / math.sqrt(q.shape[-1])
    scores = q @ k.transpose(-1, -2) * scale
    if attn_mask is not None:
        if attn_mask.dtype == torch.bool:
            scores = scores.masked_fill(~attn_mask, float("-inf"))
        else:
            scores = scores + attn_mask
    return torch.softmax(scores, -1) @ v
