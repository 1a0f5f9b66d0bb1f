#!/usr/bin/python3
"""GridSample against torch.nn.functional.grid_sample: every mode, padding
mode and align_corners, on a random input and a grid reaching past the
borders (so that padding matters), compiled with kiln-compile.

  check_grid_sample.py KILN_COMPILE WORKDIR
"""
import itertools
import os
import subprocess
import sys

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper


def main(compiler, work):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 5, 7)).astype(np.float32)
    grid = rng.uniform(-1.3, 1.3, (2, 4, 6, 2)).astype(np.float32)
    np.save(f"{work}/x.npy", x)
    np.save(f"{work}/grid.npy", grid)
    failures = 0
    for mode, padding, align in itertools.product(
            ("nearest", "bilinear", "bicubic"),
            ("zeros", "border", "reflection"), (0, 1)):
        name = f"{mode}_{padding}_{align}"
        node = helper.make_node("GridSample", ["x", "grid"], ["y"], mode=mode,
                                padding_mode=padding, align_corners=align)
        graph = helper.make_graph(
            [node], name,
            [helper.make_tensor_value_info("x", TensorProto.FLOAT, x.shape),
             helper.make_tensor_value_info("grid", TensorProto.FLOAT,
                                           grid.shape)],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT,
                                           (2, 3, 4, 6))])
        model = helper.make_model(graph,
                                  opset_imports=[helper.make_opsetid("", 16)])
        path = f"{work}/{name}"
        onnx.save(model, path + ".onnx")
        subprocess.run([compiler, path + ".onnx", "-o", path], check=True)
        subprocess.run([path, f"{work}/x.npy", f"{work}/grid.npy", "--outdir",
                        path + "_out"], check=True)
        got = np.load(path + "_out/y.npy").astype(np.float64)
        expected = torch.nn.functional.grid_sample(
            torch.from_numpy(x).double(), torch.from_numpy(grid).double(),
            mode=mode, padding_mode=padding,
            align_corners=bool(align)).numpy()
        error = np.abs(got - expected).max() / np.abs(expected).max()
        verdict = "ok" if error <= 1e-5 else "FAIL"
        failures += verdict != "ok"
        print(f"{verdict} {name}: normalized max error {error:.3g}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
