#!/usr/bin/python3
"""Rematerialization: scratch peak against extra compute (kiln-remat).

  bench/remat/run.py [--models gpt8 gpt12 gpt24 resnet18]
                     [--budgets 90 70 50 30] [--time-limit 60]

Each model (GPT-2 style decoders of 8, 12 and 24 layers, width 256, 128
tokens; torchvision's ResNet-18 on one 224x224 image) is exported from torch
to ONNX, imported with its node names (--mlir-print-debuginfo) and made into
an AdamW training step (kiln-make-train-step). Then kiln-remat runs on the
step with each solver at each budget (a percentage of the step's scratch
peak: live bytes beyond arguments and constants), and with the two
baselines (checkpoint at every layer boundary; sqrt(n) segments). Prints a
Markdown table of scratch peak (MiB), extra FLOPs (% of the step's) and
solver time from the pass's own report line; a cell is '-' where the
solver cannot reach the budget.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "test", "Import", "Inputs"))
import export_models  # noqa: E402

REPORT = re.compile(r"scratch peak (\d+) -> (\d+) bytes.*? in ([0-9.]+) s; "
                    r"\d+ ops recomputed, \d+ extra FLOPs \(([0-9.]+)% more\)")


def export(name, path):
    if name.startswith("gpt"):
        torch.manual_seed(0)
        model = export_models.Gpt(layers=int(name[3:])).eval()
        x, opset = torch.randint(0, 512, (1, 128)), 14
    else:
        model, x, opset = export_models.make(name)
    torch.onnx.export(model, x, path, opset_version=opset,
                      input_names=["x"], output_names=["y"])


def remat(bin_dir, step, options):
    """(scratch before, after, seconds, extra %) or None when out of reach."""
    run = subprocess.run([os.path.join(bin_dir, "kiln-opt"), step,
                          f"--kiln-remat=function=train_step {options}",
                          "-o", os.devnull, "--mlir-print-op-on-diagnostic=false"],
                         capture_output=True, text=True)
    match = REPORT.search(run.stderr)
    if run.returncode or not match:
        return None
    before, after, seconds, extra = match.groups()
    return int(before), int(after), float(seconds), float(extra)


def cell(result):
    if result is None:
        return "-"
    return f"{result[1] / 2**20:.2f} MiB, +{result[3]:.1f}%, {result[2]:.1f} s"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", nargs="+",
                        default=["gpt8", "gpt12", "gpt24", "resnet18"])
    parser.add_argument("--budgets", nargs="+", type=int,
                        default=[90, 70, 50, 30])
    parser.add_argument("--time-limit", type=int, default=60)
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    args = parser.parse_args()
    bin_dir = os.path.join(args.build, "bin")
    print("| model | budget | greedy | milp | checkpoint-layers | "
          "checkpoint-sqrt |")
    print("| --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.models:
            onnx_path = os.path.join(tmp, f"{name}.onnx")
            mlir = os.path.join(tmp, f"{name}.mlir")
            step = os.path.join(tmp, f"{name}_step.mlir")
            export(name, onnx_path)
            subprocess.run([os.path.join(bin_dir, "kiln-import"), onnx_path,
                            "-o", mlir, "--mlir-print-debuginfo"], check=True)
            subprocess.run([os.path.join(bin_dir, "kiln-opt"), mlir,
                            "--kiln-make-train-step=optimizer=adamw lr=0.001",
                            "--mlir-print-debuginfo", "-o", step], check=True)
            layers = remat(bin_dir, step, "solver=checkpoint-layers")
            sqrt_n = remat(bin_dir, step, "solver=checkpoint-sqrt")
            peak = layers[0]
            print(f"| {name} | none | {peak / 2**20:.2f} MiB | | "
                  f"{cell(layers)} | {cell(sqrt_n)} |", flush=True)
            for budget in args.budgets:
                row = [remat(bin_dir, step, f"solver={solver} budget={budget}%"
                             f" time-limit={args.time_limit}")
                       for solver in ("greedy", "milp")]
                # The baselines do not take a budget: shown where they meet it.
                fits = [cell(b) if b and b[1] <= peak * budget / 100 else
                        "over" for b in (layers, sqrt_n)]
                print(f"| {name} | {budget}% ({peak * budget / 100 / 2**20:.2f}"
                      f" MiB) | {cell(row[0])} | {cell(row[1])} | "
                      f"{fits[0]} | {fits[1]} |", flush=True)


if __name__ == "__main__":
    main()
