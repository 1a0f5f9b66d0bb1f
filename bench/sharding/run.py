#!/usr/bin/python3
"""Auto-sharding against Megatron-style tensor parallelism (kiln-shard-auto).

  bench/sharding/run.py [--build build]

On the transformer block of examples/ and the 4-layer GPT-style model
exported from torch (batch 8), over 1x4 and 2x4 meshes: kiln-shard-auto's
plan against Megatron (+ data parallelism over "data" on 2x4), annotated by
test/Transforms/Sharding/Inputs/megatron.py and priced by kiln-shard-explain
with the same cost model (compute at 100 GFLOP/s per device, 10 us +
bytes / 10 GB/s per collective step). Prints a Markdown table of the
estimates, auto's collectives and solve time. The estimates are the cost
model's, not timings: they are deterministic, so one run suffices.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INPUTS = os.path.join(ROOT, "test", "Transforms", "Sharding", "Inputs")
MESHES = {"1x4": 'kiln.mesh @mesh = <["model"=4]>',
          "2x4": 'kiln.mesh @mesh = <["data"=2, "model"=4]>'}


def run(*command):
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def estimate(report):
    return float(re.search(r"^estimated: ([\d.]+) us", report, re.M).group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    args = parser.parse_args()
    opt = os.path.join(args.build, "bin", "kiln-opt")
    with tempfile.TemporaryDirectory() as tmp:
        run("/usr/bin/python3",
            os.path.join(ROOT, "test", "Import", "Inputs", "export_models.py"),
            tmp, "gpt_b8")
        run(os.path.join(args.build, "bin", "kiln-import"),
            os.path.join(tmp, "gpt_b8.onnx"), "-o", os.path.join(tmp, "gpt.mlir"))
        models = {"transformer block (batch 2, seq 64)":
                  os.path.join(ROOT, "examples", "transformer_block.mlir"),
                  "GPT, 4 layers (batch 8, seq 128)": os.path.join(tmp, "gpt.mlir")}
        print("| model | mesh | Megatron(+DP) us | auto us | Megatron / auto "
              "| auto's collectives | solver |")
        print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
        for model, path in models.items():
            for mesh, line in MESHES.items():
                plain = os.path.join(tmp, "plain.mlir")
                megatron = os.path.join(tmp, "megatron.mlir")
                megatron_args = ["--data"] if mesh == "2x4" else []
                run("/usr/bin/python3", os.path.join(INPUTS, "megatron.py"),
                    path, plain, line, "--plain")
                run("/usr/bin/python3", os.path.join(INPUTS, "megatron.py"),
                    path, megatron, line, *megatron_args)
                auto_report = os.path.join(tmp, "auto.txt")
                megatron_report = os.path.join(tmp, "megatron.txt")
                run(opt, plain, f"--kiln-shard-auto=report-file={auto_report}",
                    "-o", os.devnull)
                run(opt, megatron,
                    f"--kiln-shard-explain=report-file={megatron_report}",
                    "-o", os.devnull)
                auto = open(auto_report).read()
                base = estimate(open(megatron_report).read())
                ours = estimate(auto)
                collectives = re.search(r"(\d+) collectives?\)", auto).group(1)
                solver = re.search(r"^solver: (.*?) in ([\d.]+) s", auto, re.M)
                print(f"| {model} | {mesh} | {base:.1f} | {ours:.1f} | "
                      f"{base / ours:.2f} | {collectives} | "
                      f"{solver.group(1).split(';')[0].replace(' (', ' ')}, "
                      f"{solver.group(2)} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
