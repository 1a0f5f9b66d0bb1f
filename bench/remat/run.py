#!/usr/bin/python3
"""Rematerialization: scratch peak against extra compute (kiln-remat).

  bench/remat/run.py [--models gpt8 gpt12 gpt24 resnet18]
                     [--budgets 90 70 50 30 20 15] [--time-limit 60]
                     [--compiled gpt4 gpt8]

Each model (GPT-2 style decoders of 8, 12 and 24 layers, width 256, 128
tokens; torchvision's ResNet-18 on four 224x224 images) is exported from torch
to ONNX, imported with its node names (--mlir-print-debuginfo) and made into
an AdamW training step (kiln-make-train-step). Then kiln-remat runs on the
step with each solver at each budget (a percentage of the step's scratch
peak: live bytes beyond arguments and constants), and with the two
baselines (checkpoint at every layer boundary; sqrt(n) segments). Prints a
Markdown table of scratch peak (MiB), extra FLOPs (% of the step's) and
solver time from the pass's own report line; a cell is '-' where the
solver cannot reach the budget.

--compiled: for these models, `kiln-compile --train --remat-budget=P%`
(solver auto, budget on the compiled arena) at each budget; prints the
arena the compiled step allocates (its peak_bytes) and the extra FLOPs of
the rematerialization kiln-compile kept, or the error's smallest arena.
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
        # A batch of 4: at batch 1 the two flipped copies of the last
        # block's 512x512x3x3 filters the backward pass makes outweigh the
        # activations.
        model, _, opset = export_models.make(name)
        x = torch.randn(4, 3, 224, 224)
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


COMPILED = re.compile(r"compiled @train_step scratch (\d+) bytes")
SMALLEST = re.compile(r"the smallest reached is (\d+) bytes \(from (\d+)\)")


def compiled(bin_dir, onnx_path, budget, tmp):
    """(unconstrained arena, arena, extra %) or (unconstrained, smallest,
    None) when the budget is out of reach."""
    run = subprocess.run([os.path.join(bin_dir, "kiln-compile"), onnx_path,
                          "--train", "--optimizer=adamw", "--lr=0.001",
                          f"--remat-budget={budget}%", "-o",
                          os.path.join(tmp, "train")],
                         capture_output=True, text=True)
    smallest = SMALLEST.search(run.stderr)
    if run.returncode:
        return (int(smallest.group(2)), int(smallest.group(1)), None) \
            if smallest else None
    arenas = [int(a) for a in COMPILED.findall(run.stderr)]
    reports = REPORT.findall(run.stderr)
    # kiln-compile keeps the last round (the first one within the budget).
    extra = float(reports[-1][3]) if reports else 0.0
    before = int(reports[-1][0]) if reports else arenas[-1]
    return None if not arenas else (before, arenas[-1], extra)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", nargs="+",
                        default=["gpt8", "gpt12", "gpt24", "resnet18"])
    parser.add_argument("--budgets", nargs="+", type=int,
                        default=[90, 70, 50, 30, 20, 15])
    parser.add_argument("--time-limit", type=int, default=60)
    parser.add_argument("--compiled", nargs="*", default=["gpt4", "gpt8"])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    args = parser.parse_args()
    bin_dir = os.path.join(args.build, "bin")
    print("| model | budget | greedy | milp | auto | checkpoint-layers | "
          "checkpoint-sqrt |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
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
            print(f"| {name} | none | {peak / 2**20:.2f} MiB | | | "
                  f"{cell(layers)} | {cell(sqrt_n)} |", flush=True)
            for budget in args.budgets:
                row = [remat(bin_dir, step, f"solver={solver} budget={budget}%"
                             f" time-limit={args.time_limit}")
                       for solver in ("greedy", "milp", "auto")]
                # The baselines do not take a budget: shown where they meet it.
                fits = [cell(b) if b and b[1] <= peak * budget / 100 else
                        "over" for b in (layers, sqrt_n)]
                print(f"| {name} | {budget}% ({peak * budget / 100 / 2**20:.2f}"
                      f" MiB) | {cell(row[0])} | {cell(row[1])} | "
                      f"{cell(row[2])} | {fits[0]} | {fits[1]} |", flush=True)
        if args.compiled:
            print("\n| model | budget | compiled arena (peak_bytes) | extra "
                  "FLOPs |")
            print("| --- | --- | --- | --- |")
        for name in args.compiled:
            onnx_path = os.path.join(tmp, f"{name}.onnx")
            export(name, onnx_path)
            for budget in [100] + args.budgets:
                result = compiled(bin_dir, onnx_path, budget, tmp)
                if result is None:
                    print(f"| {name} | {budget}% | failed | |", flush=True)
                    continue
                label = "out of reach, smallest " if result[2] is None else ""
                extra = "" if result[2] is None else f"+{result[2]:.1f}%"
                print(f"| {name} | {budget}% | {label}"
                      f"{result[1] / 2**20:.2f} MiB |  {extra} |", flush=True)


if __name__ == "__main__":
    main()
