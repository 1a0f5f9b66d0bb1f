#!/usr/bin/python3
"""Latency of f32 2-D convolutions: Kiln executables vs PyTorch.

  bench/conv/run.py [--threads 1 2] [--iterations 50]

Each case is one kiln.conv2d (NCHW, one image) compiled with kiln-compile
and run with --bench (median of N runs after warm-up, as the executable
prints it); the same convolution is timed in Debian's PyTorch (eager,
float32, torch.set_num_threads) in this script on the same inputs, after
checking that both agree. Prints a Markdown table.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from kiln_bench import median_ms, run_kiln  # noqa: E402

# name: (channels, filters, size, kernel, stride, padding, groups)
CASES = {
    "3x3, 64->64, 56x56": (64, 64, 56, 3, 1, 1, 1),
    "3x3 stride 2, 64->128, 56x56": (64, 128, 56, 3, 2, 1, 1),
    "1x1, 256->64, 56x56": (256, 64, 56, 1, 1, 0, 1),
    "3x3, 64->64 in 4 groups, 56x56": (64, 64, 56, 3, 1, 1, 4),
    "3x3 depthwise, 64, 56x56": (64, 64, 56, 3, 1, 1, 64),
}


def kiln_ir(c, f, size, k, stride, pad, groups):
    out = (size + 2 * pad - k) // stride + 1
    x, w, y = (f"tensor<1x{c}x{size}x{size}xf32>",
               f"tensor<{f}x{c // groups}x{k}x{k}xf32>",
               f"tensor<1x{f}x{out}x{out}xf32>")
    return (f"func.func @conv(%x: {x}, %w: {w}) -> {y} {{\n"
            f"  %0 = kiln.conv2d %x, %w strides = [{stride}, {stride}] "
            f"padding = [{pad}, {pad}, {pad}, {pad}] dilations = [1, 1] "
            f"groups = {groups} : ({x}, {w}) -> {y}\n"
            f"  return %0 : {y}\n}}\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    args = parser.parse_args()
    compiler = os.path.join(args.build, "bin", "kiln-compile")
    print(f"torch {torch.__version__}")
    print("| convolution | threads | Kiln ms | PyTorch ms | PyTorch/Kiln |")
    print("| --- | ---: | ---: | ---: | ---: |")
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        for index, (name, case) in enumerate(CASES.items()):
            c, f, size, k, stride, pad, groups = case
            source = os.path.join(tmp, f"conv{index}.mlir")
            with open(source, "w") as out:
                out.write(kiln_ir(*case))
            exe = os.path.join(tmp, f"conv{index}")
            subprocess.run([compiler, source, "-o", exe], check=True)
            x = rng.standard_normal((1, c, size, size)).astype(np.float32)
            w = (rng.standard_normal((f, c // groups, k, k)) /
                 np.sqrt(c // groups * k * k)).astype(np.float32)
            paths = [os.path.join(tmp, f"x{index}.npy"),
                     os.path.join(tmp, f"w{index}.npy")]
            np.save(paths[0], x)
            np.save(paths[1], w)
            tx, tw = torch.from_numpy(x), torch.from_numpy(w)
            def conv():
                return F.conv2d(tx, tw, stride=stride, padding=pad,
                                groups=groups)
            outdir = os.path.join(tmp, f"out{index}")
            for threads in args.threads:
                torch.set_num_threads(threads)
                fields = run_kiln(exe, paths, outdir, threads,
                                  args.iterations)
                got = np.load(os.path.join(outdir, "result0.npy"))
                with torch.no_grad():
                    ref = conv().numpy()
                error = np.abs(got - ref).max() / np.abs(ref).max()
                if error > 1e-4:
                    sys.exit(f"{name}: Kiln and PyTorch disagree ({error:.3g})")
                kiln_ms = float(fields["median_ms"])
                with torch.no_grad():
                    torch_ms = median_ms(conv, args.iterations)
                print(f"| {name} | {threads} | {kiln_ms:.3f} | {torch_ms:.3f} "
                      f"| {torch_ms / kiln_ms:.2f} |")


if __name__ == "__main__":
    main()
