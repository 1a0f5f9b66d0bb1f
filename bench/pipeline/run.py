#!/usr/bin/python3
"""The compile pipeline's graph phases against none, timed alternately in
this script with the executables' own --bench:
  - each example model (.mlir) compiled with every phase (import's
    attention raising, kiln-graph-optimize) and with
    --compile-from=partition (the model as written straight to codegen,
    what kiln-compile did before the phases);
  - each ONNX model of --onnx (exported by test/Import/Inputs/
    export_models.py; the importer raised attention before the phases
    too) written at --compile-to=import, then compiled with
    --compile-from=import (the graph phase runs) and --compile-from=graph
    (it does not).

  bench/pipeline/run.py [--build build] [--iterations 500] [--repeats 5]
                        [--onnx gpt encoder mobilenet_v2]

Prints a Markdown table: the median over repeats of each executable's
median, and their ratio (below 1: the phases made it faster); the two
executables' outputs must agree first.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODELS = {
    "mlp": [(8, 784), (784, 256), (256,), (256, 10), (10,)],
    "transformer_block": [
        (2, 64, 128), (128,), (128,), (128, 384), (384,), (128, 128),
        (128,), (128,), (128,), (128, 512), (512,), (512, 128), (128,)],
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--iterations", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--onnx", nargs="*", default=[])
    args = parser.parse_args()
    compiler = os.path.join(args.build, "bin", "kiln-compile")
    rng = np.random.default_rng(0)
    print("| model | all phases ms | graph phases skipped ms | all / skipped |")
    print("| --- | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as work:
        cases = []
        for model, shapes in MODELS.items():
            source = os.path.join(ROOT, "examples", model + ".mlir")
            exes = {}
            for kind, extra in (("all", []),
                                ("skipped", ["--compile-from=partition"])):
                exes[kind] = os.path.join(work, f"{model}.{kind}")
                subprocess.run([compiler, source, "-o", exes[kind]] + extra,
                               check=True)
            paths = []
            for i, shape in enumerate(shapes):
                path = os.path.join(work, f"{model}_{i}.npy")
                np.save(path, (rng.standard_normal(shape) * 0.1)
                        .astype(np.float32))
                paths.append(path)
            cases.append((model, exes, paths))
        if args.onnx:
            subprocess.run(["/usr/bin/python3", os.path.join(
                ROOT, "test", "Import", "Inputs", "export_models.py"), work]
                + args.onnx, check=True, capture_output=True)
        for model in args.onnx:
            imported = os.path.join(work, f"{model}.import.mlir")
            subprocess.run([compiler, os.path.join(work, f"{model}.onnx"),
                            "--compile-to=import", "-o", imported], check=True)
            exes = {}
            for kind, start in (("all", "import"), ("skipped", "graph")):
                exes[kind] = os.path.join(work, f"{model}.onnx.{kind}")
                subprocess.run([compiler, imported, f"--compile-from={start}",
                                "-o", exes[kind]], check=True)
            cases.append((model + ".onnx", exes,
                          [os.path.join(work, f"{model}_x.npy")]))
        for model, exes, paths in cases:
            times = {kind: [] for kind in exes}
            outputs = {}
            for _ in range(args.repeats):
                for kind, exe in exes.items():
                    outdir = os.path.join(work, f"out_{model}_{kind}")
                    out = subprocess.run(
                        [exe] + paths + ["--outdir", outdir, "--bench",
                                         str(args.iterations), "--threads",
                                         str(args.threads)],
                        check=True, capture_output=True, text=True).stdout
                    times[kind].append(float(
                        re.search(r"median_ms: ([0-9.eE+-]+)", out).group(1)))
                    outputs[kind] = [np.load(os.path.join(outdir, f))
                                     for f in sorted(os.listdir(outdir))]
            for a, b in zip(outputs["all"], outputs["skipped"]):
                if not np.allclose(a, b, rtol=1e-4, atol=1e-5):
                    sys.exit(f"{model}: the two executables disagree")
            med = {k: sorted(v)[len(v) // 2] for k, v in times.items()}
            print(f"| {model} | {med['all']:.3f} | {med['skipped']:.3f} | "
                  f"{med['all'] / med['skipped']:.2f} |", flush=True)

if __name__ == "__main__":
    main()
