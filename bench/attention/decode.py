#!/usr/bin/python3
"""A decode step of attention: one new query per head over a KV cache of
S keys, batch 1 — Kiln's tiled lowering with split-K (flash-decoding)
against the same lowering unsplit, the decomposed one and ONNX Runtime.

  bench/attention/decode.py [--caches 1024 4096 16384 65536]
                            [--heads 8 1] [--threads 1 2] [--iterations 20]

Head dim 64, f32, as many kv heads as query heads. Kiln programs are
compiled by kiln-compile (--attention-decode-tasks=32, the default, or 1:
no split; --attention=decomposed) and run with --bench; ONNX Runtime
(npm onnxruntime-node, CPU) runs the attention exported from torch
(q @ k^T * scale, softmax, @ v). Every output is checked against a float64
torch reference first. The step reads K and V once: GB/s counts their
2 h S d 4 bytes over the median time. Prints a Markdown table; ratios
above 1.0 mean the split program is faster.
"""
import argparse
import math
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
from kiln_bench import run_kiln  # noqa: E402

ORT_DIR = os.path.join(ROOT, "bench", "onnx")
HEAD_DIM = 64


def kiln_ir(heads, cache):
    q = f"tensor<1x{heads}x1x{HEAD_DIM}xf32>"
    kv = f"tensor<1x{heads}x{cache}x{HEAD_DIM}xf32>"
    return (f"func.func @decode(%q: {q}, %k: {kv}, %v: {kv}) -> {q} {{\n"
            f"  %0 = kiln.attention %q, %k, %v causal : ({q}, {kv}, {kv}) "
            f"-> {q}\n  return %0 : {q}\n}}\n")


class Decode(torch.nn.Module):
    def forward(self, q, k, v):
        scores = q @ k.transpose(-1, -2) * (1.0 / math.sqrt(q.shape[-1]))
        return torch.softmax(scores, -1) @ v


def run_ort(model, threads, iterations, out, inputs):
    stdout = subprocess.run(
        ["node", os.path.join(ORT_DIR, "ort_bench.js"), model, str(threads),
         str(iterations), out, *inputs], check=True, capture_output=True,
        text=True).stdout
    return float(stdout.split("median_ms: ")[1])


def check(what, got, expected):
    error = np.abs(got - expected).max() / np.abs(expected).max()
    if error > 1e-4:
        sys.exit(f"{what} disagrees with the float64 reference ({error:.3g})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--caches", type=int, nargs="+",
                        default=[1024, 4096, 16384, 65536])
    parser.add_argument("--heads", type=int, nargs="+", default=[8, 1])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    args = parser.parse_args()
    if not os.path.isdir(os.path.join(ORT_DIR, "node_modules",
                                      "onnxruntime-node")):
        subprocess.run(["npm", "install", "--ignore-scripts", "--no-audit",
                        "--no-fund"], cwd=ORT_DIR, check=True,
                       stdout=subprocess.DEVNULL)
    compiler = os.path.join(args.build, "bin", "kiln-compile")
    cpu = next(line.split(": ", 1)[1] for line in open("/proc/cpuinfo")
               if line.startswith("model name"))
    print(f"{cpu.strip()}; onnxruntime-node 1.30.0\n")
    print("| heads | cache | threads | Kiln split ms | GB/s | unsplit ms "
          "| decomposed ms | ORT ms | unsplit / split | decomposed / split "
          "| ORT / split |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
          "| ---: | ---: |")
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        for heads in args.heads:
            for cache in args.caches:
                q = rng.standard_normal((1, heads, 1, HEAD_DIM)) \
                    .astype(np.float32)
                k, v = (rng.standard_normal((1, heads, cache, HEAD_DIM))
                        .astype(np.float32) for _ in range(2))
                paths = []
                for name, t in (("q", q), ("k", k), ("v", v)):
                    paths.append(os.path.join(tmp, f"{name}.npy"))
                    np.save(paths[-1], t)
                tq, tk, tv = (torch.from_numpy(t).double() for t in (q, k, v))
                expected = Decode()(tq, tk, tv).numpy()
                ir = os.path.join(tmp, "decode.mlir")
                with open(ir, "w") as f:
                    f.write(kiln_ir(heads, cache))
                exes = {}
                for name, flags in (
                        ("split", []),
                        ("unsplit", ["--attention-decode-tasks=1"]),
                        ("decomposed", ["--attention=decomposed"])):
                    exes[name] = os.path.join(tmp, name)
                    subprocess.run([compiler, ir, "-o", exes[name], *flags],
                                   check=True)
                onnx_path = os.path.join(tmp, "decode.onnx")
                torch.onnx.export(Decode(), tuple(torch.from_numpy(t)
                                                  for t in (q, k, v)),
                                  onnx_path, opset_version=14,
                                  input_names=["q", "k", "v"],
                                  output_names=["y"])
                for threads in args.threads:
                    ms = {}
                    for name, exe in exes.items():
                        outdir = os.path.join(tmp, f"out_{name}")
                        ms[name] = float(run_kiln(exe, paths, outdir, threads,
                                                  args.iterations)
                                         ["median_ms"])
                        check(f"Kiln {name} at {cache}",
                              np.load(os.path.join(outdir, "result0.npy")),
                              expected)
                    ort_out = os.path.join(tmp, "ort.bin")
                    ort_ms = run_ort(onnx_path, threads, args.iterations,
                                     ort_out, paths)
                    check(f"ORT at {cache}",
                          np.fromfile(ort_out, np.float32)
                          .reshape(expected.shape), expected)
                    gbs = 2 * heads * cache * HEAD_DIM * 4 / ms["split"] / 1e6
                    print(f"| {heads} | {cache} | {threads} | "
                          f"{ms['split']:.3f} | {gbs:.1f} | "
                          f"{ms['unsplit']:.3f} | {ms['decomposed']:.3f} | "
                          f"{ort_ms:.3f} | "
                          f"{ms['unsplit'] / ms['split']:.2f} | "
                          f"{ms['decomposed'] / ms['split']:.2f} | "
                          f"{ort_ms / ms['split']:.2f} |", flush=True)


if __name__ == "__main__":
    main()
