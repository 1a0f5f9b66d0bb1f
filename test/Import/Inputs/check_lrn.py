#!/usr/bin/python3
"""LRN against ONNX's formula written out in numpy (float64), for window
sizes smaller than, equal to and far larger than the channel count (the
fuzzer's size of 2^35), even and odd, compiled with kiln-compile.

  check_lrn.py KILN_COMPILE WORKDIR
"""
import math
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper


def lrn(x, size, alpha, beta, bias):
    """ONNX LRN: floor((size - 1) / 2) channels before, ceil(...) after."""
    squares = x.astype(np.float64) ** 2
    channels = x.shape[1]
    total = np.zeros_like(squares)
    for c in range(channels):
        low = max(0, c - (size - 1) // 2)
        high = min(channels - 1, c + math.ceil((size - 1) / 2))
        total[:, c] = squares[:, low:high + 1].sum(axis=1)
    return x / (bias + alpha / size * total) ** beta


def main(compiler, work):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 5, 3, 4)).astype(np.float32)
    np.save(f"{work}/x.npy", x)
    failures = 0
    for size, alpha in ((3, 0.5), (4, 0.5), (5, 2.0), (9, 3.0),
                        (2 ** 35, 2.0 ** 35)):
        name = f"lrn_{size}"
        node = helper.make_node("LRN", ["x"], ["y"], size=size, alpha=alpha,
                                beta=0.75, bias=1.5)
        graph = helper.make_graph(
            [node], name,
            [helper.make_tensor_value_info("x", TensorProto.FLOAT, x.shape)],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, x.shape)])
        model = helper.make_model(graph,
                                  opset_imports=[helper.make_opsetid("", 13)])
        path = f"{work}/{name}"
        onnx.save(model, path + ".onnx")
        subprocess.run([compiler, path + ".onnx", "-o", path], check=True,
                       timeout=120)
        subprocess.run([path, f"{work}/x.npy", "--outdir", path + "_out"],
                       check=True)
        got = np.load(path + "_out/y.npy").astype(np.float64)
        expected = lrn(x, size, alpha, 0.75, 1.5)
        error = np.abs(got - expected).max() / np.abs(expected).max()
        verdict = "ok" if error <= 1e-5 else "FAIL"
        failures += verdict != "ok"
        print(f"{verdict} {name}: normalized max error {error:.3g}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
