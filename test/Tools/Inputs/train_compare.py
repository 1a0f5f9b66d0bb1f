#!/usr/bin/python3
"""Trains with a `kiln-compile --train` executable and with torch, and
compares the loss of every step.

  train_compare.py --exe TRAIN --model NAME --samples S --steps N \
      --optimizer adamw --lr 1e-3 [--momentum M] [--tol 1e-4] --out DIR

NAME is a model of test/Import/Inputs/export_models.py (the executable was
compiled from its export, so both start from the same weights). Seeded
random data: S samples of the model's input (token ids for gpt) and class
labels. The executable runs N steps (--data, --labels, --save); torch runs
the same N steps in float64: batches of the model's batch size taken in
order with wrap-around, cross-entropy over the last dimension, the same
optimizer. Every step's loss must agree within --tol relative, and the
saved parameters must be finite and named like the model's initializers.
"""
import argparse
import os
import re
import subprocess
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "Import", "Inputs"))
import export_models  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--exe", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--samples", type=int, required=True)
    parser.add_argument("--steps", type=int, required=True)
    parser.add_argument("--optimizer", default="sgd")
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--momentum", type=float, default=0.0)
    parser.add_argument("--tol", type=float, default=1e-4)
    parser.add_argument("--out", required=True)
    parser.add_argument("--mpi", type=int, default=0,
                        help="run the executable on this many MPI processes "
                        "(a model compiled with --mesh)")
    args = parser.parse_args()

    model, example, _ = export_models.make(args.model)
    batch = example.shape[0]
    rng = np.random.default_rng(0)
    tokens = example.dtype == torch.int64
    shape = (args.samples,) + tuple(example.shape[1:])
    with torch.no_grad():
        classes = model(example).shape[-1]
    x = (rng.integers(0, 512, shape) if tokens
         else rng.standard_normal(shape).astype(np.float32))
    label_shape = (args.samples,) + tuple(
        model(example).shape[1:-1]) if tokens else (args.samples,)
    y = rng.integers(0, classes, label_shape)
    os.makedirs(args.out, exist_ok=True)
    x_path, y_path = (os.path.join(args.out, f) for f in ("x.npy", "y.npy"))
    np.save(x_path, x)
    np.save(y_path, y)
    saved = os.path.join(args.out, "trained.npz")
    command = [args.exe, "--data", x_path, "--labels", y_path,
               "--steps", str(args.steps), "--save", saved]
    if args.mpi:
        command = ["mpirun", "-np", str(args.mpi), "--oversubscribe"] + command
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1",
               OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    run = subprocess.run(command, capture_output=True, text=True, env=env)
    if run.returncode != 0:
        sys.exit(f"FAIL: the training executable exited {run.returncode}: "
                 f"{run.stderr}")
    kiln = [float(m.group(1)) for m in
            re.finditer(r"step \d+ loss (\S+)", run.stdout)]

    model = model.double().train()
    optimizer = (torch.optim.AdamW(model.parameters(), lr=args.lr)
                 if args.optimizer == "adamw" else
                 torch.optim.SGD(model.parameters(), lr=args.lr,
                                 momentum=args.momentum))
    xs = torch.from_numpy(x if tokens else x.astype(np.float64))
    ys = torch.from_numpy(y)
    reference = []
    for step in range(args.steps):
        index = (np.arange(batch) + step * batch) % args.samples
        optimizer.zero_grad()
        logits = model(xs[index])
        loss = F.cross_entropy(logits.reshape(-1, classes),
                               ys[index].reshape(-1))
        loss.backward()
        optimizer.step()
        reference.append(float(loss))

    status = 0
    if len(kiln) != args.steps:
        print(f"FAIL: {len(kiln)} losses printed, expected {args.steps}")
        status = 1
    for step, (got, ref) in enumerate(zip(kiln, reference)):
        error = abs(got - ref) / abs(ref)
        verdict = "ok" if error <= args.tol else "FAIL"
        print(f"{verdict} step {step + 1}: Kiln {got:.7g}, torch {ref:.7g}, "
              f"relative error {error:.2g}")
        status |= int(error > args.tol)
    params = np.load(saved)
    names = {name for name, _ in model.named_parameters()}
    finite = all(np.isfinite(params[k]).all() for k in params.files)
    known = [k for k in params.files if k in names]
    print(f"{'ok' if finite else 'FAIL'} saved {len(params.files)} "
          f"parameters ({len(known)} under the module's own names), "
          f"{'all finite' if finite else 'NOT FINITE'}")
    status |= int(not finite or not params.files)
    return status


if __name__ == "__main__":
    sys.exit(main())
