#!/usr/bin/python3
"""Time of one training step: Kiln's --kiln-make-train-step vs PyTorch.

  bench/training/run.py [--models wide_mlp gpt] [--threads 1 2]
                        [--iterations 10] [--optimizer adamw]

Each model is built and exported by test/Import/Inputs/export_models.py
(fixed seeds), imported with kiln-import, turned into a training step with
kiln-opt --kiln-make-train-step (cross-entropy loss), compiled with
kiln-compile --entry train_step and timed with --bench; the same module
takes the same step in PyTorch (forward, backward, optimizer.step()) in the
same script. The starting parameters and optimizer state come from
train_init. Prints a Markdown table; PyTorch/Kiln above 1.0 means Kiln is
faster.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "test", "Import", "Inputs"))
import export_models  # noqa: E402
sys.path.insert(0, os.path.dirname(HERE))
from kiln_bench import median_ms, run_kiln  # noqa: E402


def signature(text, function):
    """(argument types, result kiln.names) of `function` in `text`."""
    match = re.search(r"func\.func @" + function + r"\((.*?)\) -> \((.*?)\) \{",
                      text)
    types = re.findall(r"%arg\d+: tensor<([^>]*)>", match.group(1))
    names = re.findall(r'kiln\.name = "([^"]*)"', match.group(2))
    return types, names


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", nargs="+", default=["wide_mlp", "gpt"])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--optimizer", default="adamw")
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    args = parser.parse_args()
    bin_dir = os.path.join(args.build, "bin")
    print(f"torch {torch.__version__}, optimizer {args.optimizer}")
    print("| model | threads | Kiln ms | PyTorch ms | PyTorch/Kiln |")
    print("| --- | ---: | ---: | ---: | ---: |")
    memory = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.models:
            export_models.export(tmp, [name])
            model, x, _ = export_models.make(name)
            onnx_path = os.path.join(tmp, f"{name}.onnx")
            mlir = os.path.join(tmp, f"{name}.mlir")
            step = os.path.join(tmp, f"{name}_step.mlir")
            subprocess.run([os.path.join(bin_dir, "kiln-import"), onnx_path,
                            "-o", mlir], check=True)
            subprocess.run([os.path.join(bin_dir, "kiln-opt"), mlir,
                            "--kiln-make-train-step=optimizer="
                            f"{args.optimizer} lr=0.001", "-o", step],
                           check=True)
            exe = os.path.join(tmp, f"{name}_train")
            subprocess.run([os.path.join(bin_dir, "kiln-compile"), step,
                            "--entry", "train_step", "-o", exe], check=True)
            init_dir = os.path.join(tmp, f"{name}_init")
            subprocess.run([os.path.join(bin_dir, "kiln-run"), "--entry",
                            "train_init", step, "--outdir", init_dir],
                           check=True)
            text = open(step).read()
            _, state_names = signature(text, "train_init")
            types, _ = signature(text, "train_step")
            inputs = [os.path.join(init_dir, n + ".npy") for n in state_names]
            np.save(os.path.join(tmp, "x.npy"), x.numpy())
            inputs.append(os.path.join(tmp, "x.npy"))
            label_shape = [int(d) for d in types[-1].split("x")[:-1]]
            classes = 512 if name == "gpt" else 10
            labels = np.random.default_rng(0).integers(0, classes, label_shape)
            np.save(os.path.join(tmp, "labels.npy"), labels)
            inputs.append(os.path.join(tmp, "labels.npy"))

            outdir = os.path.join(tmp, f"{name}_out")
            model.train()
            params = [p for p in model.parameters() if p.requires_grad]
            optimizer = (torch.optim.AdamW(params, lr=1e-3)
                         if args.optimizer == "adamw"
                         else torch.optim.SGD(params, lr=1e-3))
            target = torch.from_numpy(labels)

            def torch_step():
                optimizer.zero_grad()
                logits = model(x)
                loss = F.cross_entropy(logits.reshape(-1, classes),
                                       target.reshape(-1))
                loss.backward()
                optimizer.step()

            for threads in args.threads:
                torch.set_num_threads(threads)
                best_kiln = best_torch = float("inf")
                for _ in range(3):  # interleaved rounds, best of each
                    fields = run_kiln(exe, inputs, outdir,
                                      threads, args.iterations)
                    best_kiln = min(best_kiln, float(fields["median_ms"]))
                    best_torch = min(best_torch,
                                     median_ms(torch_step, args.iterations))
                print(f"| {name} | {threads} | {best_kiln:.2f} | "
                      f"{best_torch:.2f} | {best_torch / best_kiln:.2f} |",
                      flush=True)
            # What the step holds: the state it updates in place, the
            # outputs it writes (the loss alone when the state is donated)
            # and its scratch arena.
            state = sum(np.load(p).nbytes for p in inputs[:len(state_names)])
            outputs = sum(np.load(os.path.join(outdir, f)).nbytes
                          for f in os.listdir(outdir)
                          if f[:-4] not in state_names)
            memory.append(f"{name}: state {state / 2**20:.1f} MiB, "
                          f"outputs {outputs} B, scratch "
                          f"{int(fields['peak_bytes']) / 2**20:.1f} MiB")
    print("\n".join(memory))


if __name__ == "__main__":
    main()
