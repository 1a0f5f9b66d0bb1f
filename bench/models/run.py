#!/usr/bin/python3
"""Latency of the bundled example models: Kiln executables vs PyTorch.

  bench/models/run.py [--threads 1 2] [--iterations 50]

For each model in examples/ it compiles an executable with kiln-compile,
runs it with --bench (median of N runs after warm-up, as printed by the
executable), and times the same computation in Debian's PyTorch (eager,
float32, torch.set_num_threads) in this script on the same inputs, after
checking that both give the same result. Prints a Markdown table.
"""
import argparse
import math
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "examples"))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from kiln_bench import median_ms, run_kiln  # noqa: E402
from torch_models import mlp, transformer_block  # noqa: E402


MODELS = {
    "mlp": (mlp, [(8, 784), (784, 256), (256,), (256, 10), (10,)]),
    "transformer_block": (transformer_block, [
        (2, 64, 128), (128,), (128,), (128, 384), (384,), (128, 128), (128,),
        (128,), (128,), (128, 512), (512,), (512, 128), (128,)]),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    args = parser.parse_args()
    compiler = os.path.join(args.build, "bin", "kiln-compile")
    print(f"torch {torch.__version__}")
    print("| model | threads | Kiln ms | PyTorch ms | PyTorch/Kiln | peak arena |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (fn, shapes) in MODELS.items():
            exe = os.path.join(tmp, name)
            subprocess.run([compiler, os.path.join(ROOT, "examples",
                                                   name + ".mlir"), "-o", exe],
                           check=True)
            arrays = [(rng.standard_normal(s) / math.sqrt(s[0] if i else 1))
                      .astype(np.float32) for i, s in enumerate(shapes)]
            paths = []
            for i, a in enumerate(arrays):
                paths.append(os.path.join(tmp, f"{name}_{i}.npy"))
                np.save(paths[-1], a)
            outdir = os.path.join(tmp, name + "_out")
            tensors = [torch.from_numpy(a) for a in arrays]
            for threads in args.threads:
                torch.set_num_threads(threads)
                fields = run_kiln(exe, paths, outdir, threads,
                                  args.iterations)
                kiln_ms = float(fields["median_ms"])
                got = np.load(os.path.join(outdir, sorted(os.listdir(outdir))[0]))
                with torch.no_grad():
                    ref = fn(*tensors).numpy()
                error = np.abs(got - ref).max() / np.abs(ref).max()
                if error > 1e-4:
                    sys.exit(f"{name}: Kiln and PyTorch disagree ({error:.3g})")
                with torch.no_grad():
                    torch_ms = median_ms(lambda: fn(*tensors), args.iterations)
                print(f"| {name} | {threads} | {kiln_ms:.3f} | {torch_ms:.3f} "
                      f"| {torch_ms / kiln_ms:.2f} | "
                      f"{int(fields['peak_bytes']) / 1024:.0f} KiB |")


if __name__ == "__main__":
    main()
