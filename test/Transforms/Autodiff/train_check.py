#!/usr/bin/python3
"""Runs a --kiln-make-train-step training loop and compares every step's
loss (and the final parameters) with the same training in torch (float64).

  train_check.py MODEL.mlir --options "params=1,2 loss=mse optimizer=adamw lr=0.01" \
      --params "16x32xf32, 32xf32" --batch "8x16xf32" --target "8x32xf32" \
      --prelude torch_model.py --model mlp --steps 20

The parameters start from seeded random values (scaled by 0.3); every step
draws a new batch and target from the specs (test/E2E/e2e.py's syntax).
Each step runs train_step with kiln-run, feeding its outputs (parameters
and optimizer state) back in. The torch side calls MODEL(params, batch)
from the prelude, applies F.cross_entropy or F.mse_loss, and steps
torch.optim.SGD or AdamW configured from the same options. Per-step losses
must agree within --tol relative (default 1e-4).
"""

import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "E2E"))
from e2e import make_input  # noqa: E402
from gradcheck import normalized_error, run_kiln  # noqa: E402


def parse_options(text):
    options = {}
    for item in text.split():
        key, _, value = item.partition("=")
        options[key] = value
    return options


def torch_optimizer(options, params):
    lr = float(options.get("lr", 0.01))
    name = options.get("optimizer", "sgd")
    decay = float(options.get("weight-decay", -1))
    if name == "adamw":
        return torch.optim.AdamW(
            params, lr=lr, betas=(float(options.get("beta1", 0.9)),
                                  float(options.get("beta2", 0.999))),
            eps=float(options.get("epsilon", 1e-8)),
            weight_decay=0.01 if decay < 0 else decay)
    return torch.optim.SGD(params, lr=lr,
                           momentum=float(options.get("momentum", 0)),
                           nesterov=options.get("nesterov") == "true",
                           weight_decay=0 if decay < 0 else decay)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--options", required=True)
    parser.add_argument("--params", required=True)
    parser.add_argument("--batch", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--prelude", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--tol", type=float, default=1e-4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--kiln-opt", required=True)
    parser.add_argument("--kiln-run", required=True)
    args = parser.parse_args()

    options = parse_options(args.options)
    rng = np.random.default_rng(args.seed)
    params = [0.3 * make_input(s, rng) for s in args.params.split(",")]
    params = [p.astype(np.float32) for p in params]
    batches = [[make_input(s, rng) for s in args.batch.split(",")]
               for _ in range(args.steps)]
    targets = [make_input(args.target, rng) for _ in range(args.steps)]

    env = {"np": np, "torch": torch, "F": F}
    with open(args.prelude) as prelude:
        exec(prelude.read(), env)
    model = env[args.model]
    leaves = [torch.tensor(p.astype(np.float64), requires_grad=True)
              for p in params]
    optimizer = torch_optimizer(options, leaves)
    loss_fn = F.cross_entropy if options.get("loss", "cross_entropy") == \
        "cross_entropy" else F.mse_loss
    reference = []
    for batch, target in zip(batches, targets):
        optimizer.zero_grad()
        inputs = [torch.from_numpy(b.astype(np.float64) if b.dtype.kind == "f"
                                   else b) for b in batch]
        prediction = model(leaves, *inputs)
        t = torch.from_numpy(target.astype(np.float64)
                             if target.dtype.kind == "f" else target)
        loss = loss_fn(prediction, t)
        loss.backward()
        optimizer.step()
        reference.append(float(loss))

    status = 0
    with tempfile.TemporaryDirectory() as tmp:
        step_path = os.path.join(tmp, "step.mlir")
        subprocess.run([args.kiln_opt, args.file,
                        f"--kiln-make-train-step={args.options}", "-o",
                        step_path], check=True)
        state = run_kiln(args.kiln_run, step_path, "train_init", [], tmp)
        state[:len(params)] = params
        for step, (batch, target) in enumerate(zip(batches, targets)):
            outputs = run_kiln(args.kiln_run, step_path, "train_step",
                               state + batch + [target], tmp)
            state, loss = outputs[:-1], float(outputs[-1])
            error = abs(loss - reference[step]) / abs(reference[step])
            verdict = "ok" if error <= args.tol else "FAIL"
            print(f"{verdict} step {step}: loss {loss:.8g}, torch "
                  f"{reference[step]:.8g}, relative error {error:.3g}")
            status |= int(error > args.tol)
        for i, (got, leaf) in enumerate(zip(state, leaves)):
            error = normalized_error(got, leaf.detach().numpy())
            verdict = "ok" if error <= args.tol else "FAIL"
            print(f"{verdict} parameter {i} after {args.steps} steps: "
                  f"normalized max error {error:.3g}")
            status |= int(error > args.tol)
    return status


if __name__ == "__main__":
    sys.exit(main())
