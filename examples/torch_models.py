"""PyTorch forms of the bundled example models (examples/*.mlir).

The end-to-end tests (test/E2E/models.mlir, as an e2e.py --prelude) check
Kiln's results against these, and bench/models/run.py times them.
"""
import math

import torch
import torch.nn.functional as F


def mlp(x, w1, b1, w2, b2):
    return torch.softmax(F.gelu(x @ w1 + b1) @ w2 + b2, 1)


def transformer_block(x, ln1_g, ln1_b, w_qkv, b_qkv, w_proj, b_proj, ln2_g,
                      ln2_b, w_fc, b_fc, w_out, b_out, heads=4):
    batch, seq, width = x.shape
    head = width // heads
    qkv = F.layer_norm(x, (width,), ln1_g, ln1_b, 1e-5) @ w_qkv + b_qkv
    q, k, v = (t.reshape(batch, seq, heads, head).transpose(1, 2)
               for t in qkv.split(width, 2))
    scores = q @ k.transpose(-1, -2) / math.sqrt(head)
    causal = torch.ones(seq, seq, dtype=torch.bool).tril()
    scores = scores.masked_fill(~causal, float("-inf"))
    att = (torch.softmax(scores, -1) @ v).transpose(1, 2).reshape(
        batch, seq, width)
    h = x + att @ w_proj + b_proj
    fc = F.gelu(F.layer_norm(h, (width,), ln2_g, ln2_b, 1e-5) @ w_fc + b_fc)
    return h + fc @ w_out + b_out
