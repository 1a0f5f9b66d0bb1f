#!/usr/bin/python3
"""Latency of ONNX models: Kiln vs ONNX Runtime vs PyTorch, same script.

  bench/onnx/run.py [--models mlp gpt encoder resnet18 mobilenet_v2]
                    [--threads 1 2] [--iterations 20]

Each model is built and exported by test/Import/Inputs/export_models.py
(fixed seeds, random weights), compiled from the .onnx file with
kiln-compile and run with --bench; the same .onnx runs in ONNX Runtime
(npm onnxruntime-node, CPU, through ort_bench.js; installed here with
`npm install --ignore-scripts` on first use) and the same module in
PyTorch (eager, torch.set_num_threads). Kiln's and ONNX Runtime's outputs
are checked against torch's float64 result before timing counts.
Prints a Markdown table; ratios above 1.0 mean Kiln is faster.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "test", "Import", "Inputs"))
import export_models  # noqa: E402
sys.path.insert(0, os.path.dirname(HERE))
from kiln_bench import median_ms, run_kiln  # noqa: E402


def check(name, who, got, expected):
    error = np.abs(got - expected).max() / np.abs(expected).max()
    if error > 1e-4:
        sys.exit(f"{name}: {who} disagrees with torch ({error:.3g})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", nargs="+", default=[
        "mlp", "gpt", "encoder", "resnet18", "mobilenet_v2"])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    args = parser.parse_args()
    if not os.path.isdir(os.path.join(HERE, "node_modules", "onnxruntime-node")):
        subprocess.run(["npm", "install", "--ignore-scripts", "--no-audit",
                        "--no-fund"], cwd=HERE, check=True,
                       stdout=subprocess.DEVNULL)
    compiler = os.path.join(args.build, "bin", "kiln-compile")
    print(f"torch {torch.__version__}, onnxruntime-node 1.30.0")
    print("| model | threads | Kiln ms | ONNX Runtime ms | PyTorch ms | "
          "ORT/Kiln | PyTorch/Kiln |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.models:
            export_models.export(tmp, [name])
            model, _, _ = export_models.make(name)
            x_path = os.path.join(tmp, f"{name}_x.npy")
            x = torch.from_numpy(np.load(x_path))
            expected = np.load(os.path.join(tmp, f"{name}_y.npy"))
            exe = os.path.join(tmp, name)
            subprocess.run([compiler, os.path.join(tmp, f"{name}.onnx"),
                            "-o", exe], check=True)
            for threads in args.threads:
                outdir = os.path.join(tmp, f"{name}_out")
                fields = run_kiln(exe, [x_path], outdir, threads,
                                  args.iterations)
                check(name, "Kiln", np.load(os.path.join(outdir, "y.npy")),
                      expected)
                ort_out = os.path.join(tmp, f"{name}_ort.bin")
                ort = subprocess.run(
                    ["node", os.path.join(HERE, "ort_bench.js"),
                     os.path.join(tmp, f"{name}.onnx"), str(threads),
                     str(args.iterations), ort_out, x_path],
                    check=True, capture_output=True, text=True)
                check(name, "ONNX Runtime",
                      np.fromfile(ort_out, np.float32).reshape(expected.shape),
                      expected)
                torch.set_num_threads(threads)
                with torch.no_grad():
                    torch_ms = median_ms(lambda: model(x), args.iterations, warmup=2)
                kiln_ms = float(fields["median_ms"])
                ort_ms = float(ort.stdout.split("median_ms: ")[1])
                print(f"| {name} | {threads} | {kiln_ms:.3f} | {ort_ms:.3f} | "
                      f"{torch_ms:.3f} | {ort_ms / kiln_ms:.2f} | "
                      f"{torch_ms / kiln_ms:.2f} |", flush=True)


if __name__ == "__main__":
    main()
