"""ONNX Runtime's com.microsoft MultiHeadAttention, built with onnx.helper,
with inputs and a torch reference of the contrib operator's definition
(onnxruntime/docs/ContribOperators.md): q, k, v plus their bias, split into
num_heads, softmax(q k^T * scale + mask) v, where a key_padding_mask entry
of 0 adds mask_filter_value to its scores, attention_bias is added, and
unidirectional hides later keys.

  contrib_attention.py OUTDIR NAME   writes NAME.onnx, NAME_in*.npy and
                                     NAME_expected.npy (float64 torch)
"""
import math
import sys

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper

# name: batch, query length, key length, hidden, value hidden, heads,
# inputs given (bias, key_padding_mask [B, L] or [B, S, L], attention
# bias), attributes.
CASES = {
    "cross": dict(b=2, s=5, l=7, d=16, dv=8, heads=4),
    "padded": dict(b=2, s=6, l=6, d=32, dv=32, heads=2, bias=True,
                   padding=(2, 6), attrs={"scale": 0.2}),
    "causal": dict(b=1, s=9, l=9, d=24, dv=24, heads=3, attention_bias=True,
                   padding=(1, 9, 9), attrs={"unidirectional": 1}),
    "past": dict(b=1, s=4, l=4, d=8, dv=8, heads=2, past=True),
    "bad_heads": dict(b=1, s=4, l=4, d=10, dv=10, heads=4),
    "zero_scale": dict(b=1, s=4, l=4, d=8, dv=8, heads=2,
                       attrs={"scale": 0.0}),
}


def build(outdir, name):
    c = CASES[name]
    b, s, l, d, dv, heads = (c[key] for key in ("b", "s", "l", "d", "dv",
                                                "heads"))
    rng = np.random.default_rng(7)
    inputs = {"query": rng.standard_normal((b, s, d)),
              "key": rng.standard_normal((b, l, d)),
              "value": rng.standard_normal((b, l, dv))}
    names = ["query", "key", "value"]
    if c.get("bias"):
        inputs["bias"] = rng.standard_normal(2 * d + dv) * 0.5
    if c.get("padding"):
        pad = np.ones(c["padding"], np.int32)
        pad[0, ..., -2:] = 0  # the first sequence's last two keys
        inputs["key_padding_mask"] = pad
    if c.get("attention_bias"):
        inputs["attention_bias"] = rng.standard_normal((1, heads, s, l))
    node_inputs = names + [n if n in inputs else "" for n in
                           ("bias", "key_padding_mask", "attention_bias")]
    if c.get("past"):
        inputs["past_key"] = rng.standard_normal((b, heads, 2, d // heads))
        node_inputs.append("past_key")
    while node_inputs[-1] == "":
        node_inputs.pop()
    attrs = dict(c.get("attrs", {}))
    node = helper.make_node("MultiHeadAttention", node_inputs, ["y"],
                            domain="com.microsoft", num_heads=heads,
                            name=f"mha_{name}", **attrs)
    graph_inputs = []
    for key in (n for n in node_inputs if n):
        value = inputs[key]
        if value.dtype != np.int32:
            inputs[key] = value = value.astype(np.float32)
        elem = TensorProto.INT32 if value.dtype == np.int32 \
            else TensorProto.FLOAT
        graph_inputs.append(helper.make_tensor_value_info(
            key, elem, list(value.shape)))
    out = helper.make_tensor_value_info("y", TensorProto.FLOAT, [b, s, dv])
    graph = helper.make_graph([node], name, graph_inputs, [out])
    model = helper.make_model(graph, opset_imports=[
        helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)])
    onnx.save(model, f"{outdir}/{name}.onnx")
    for i, key in enumerate(n for n in node_inputs if n):
        np.save(f"{outdir}/{name}_in{i}.npy", inputs[key])
    if c.get("past") or d % heads or attrs.get("scale") == 0.0:
        return
    t = {key: torch.from_numpy(v.astype(np.float64)) for key, v in
         inputs.items() if v.dtype != np.int32}
    q, k, v = t["query"], t["key"], t["value"]
    if "bias" in t:
        q = q + t["bias"][:d]
        k = k + t["bias"][d:2 * d]
        v = v + t["bias"][2 * d:]

    def split(x, width):
        return x.reshape(b, -1, heads, width).transpose(1, 2)
    q, k, v = split(q, d // heads), split(k, d // heads), split(v, dv // heads)
    scale = attrs.get("scale", 1 / math.sqrt(d // heads))
    scores = q @ k.transpose(-1, -2) * scale
    if "key_padding_mask" in inputs:
        pad = torch.from_numpy(inputs["key_padding_mask"])
        pad = pad[:, None, None, :] if pad.dim() == 2 else pad[:, None]
        scores = scores + (pad == 0).double() * -10000.0
    if "attention_bias" in t:
        scores = scores + t["attention_bias"]
    if attrs.get("unidirectional"):
        hidden = ~torch.ones(s, l, dtype=torch.bool).tril(l - s)
        scores = scores.masked_fill(hidden, float("-inf"))
    y = (torch.softmax(scores, -1) @ v).transpose(1, 2).reshape(b, s, dv)
    np.save(f"{outdir}/{name}_expected.npy", y.numpy())


if __name__ == "__main__":
    build(sys.argv[1], sys.argv[2])
