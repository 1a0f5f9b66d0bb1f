#!/usr/bin/python3
"""Writes OUTDIR/attention.onnx (scaled dot-product attention as exporters
spell it: MatMul(Q, Transpose(K)), Mul by 1/sqrt(8), Softmax, MatMul V; the
graph of attention.mlir) and random inputs q.npy, k.npy, v.npy with the
numpy reference ref.npy."""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def main(outdir):
    shape = [1, 2, 4, 8]
    scale = numpy_helper.from_array(np.array(8 ** -0.5, np.float32), "scale")
    nodes = [
        helper.make_node("Transpose", ["k"], ["kt"], name="kt",
                         perm=[0, 1, 3, 2]),
        helper.make_node("MatMul", ["q", "kt"], ["s"], name="scores"),
        helper.make_node("Mul", ["s", "scale"], ["scaled"], name="scale"),
        helper.make_node("Softmax", ["scaled"], ["p"], name="softmax",
                         axis=-1),
        helper.make_node("MatMul", ["p", "v"], ["o"], name="output"),
    ]
    io = lambda name: helper.make_tensor_value_info(name, TensorProto.FLOAT,
                                                    shape)
    graph = helper.make_graph(nodes, "attention", [io("q"), io("k"), io("v")],
                              [io("o")], initializer=[scale])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 13)])
    onnx.save(model, f"{outdir}/attention.onnx")

    rng = np.random.default_rng(0)
    q, k, v = (rng.standard_normal(shape).astype(np.float32) for _ in "qkv")
    s = (q.astype(np.float64) @ k.astype(np.float64).transpose(0, 1, 3, 2))
    s *= 8 ** -0.5
    p = np.exp(s - s.max(-1, keepdims=True))
    p /= p.sum(-1, keepdims=True)
    for name, value in (("q", q), ("k", k), ("v", v), ("ref", p @ v)):
        np.save(f"{outdir}/{name}.npy", value)


if __name__ == "__main__":
    main(sys.argv[1])
