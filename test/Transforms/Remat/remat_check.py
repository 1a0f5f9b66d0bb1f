#!/usr/bin/python3
"""Checks --kiln-remat on a training step against the step without it.

  remat_check.py STEP.mlir --budget 70% --batch "32x64xf32" \
      --target "32xi64:0..10" --kiln-opt BIN --kiln-run BIN

STEP.mlir holds train_step and train_init (from --kiln-make-train-step).
The script rematerializes train_step under the budget, reads both peaks
from --kiln-memory-report's JSON (the rematerialized one must be within
the budget and below the original), runs both steps with kiln-run on the
same state (train_init's) and seeded batch, and requires every output, the
loss and the state updated in place, to be bitwise equal.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "E2E"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Autodiff"))
from e2e import make_input  # noqa: E402
from gradcheck import result_names, run_kiln  # noqa: E402


def peak(kiln_opt, path, tmp):
    report = os.path.join(tmp, "memory.json")
    subprocess.run([kiln_opt, path, "--kiln-memory-report=function=train_step"
                    f" format=json report-file={report}", "-o", os.devnull],
                   check=True)
    # The scratch peak: what the budget bounds (arguments and constants stay
    # resident whatever is recomputed).
    entry = json.load(open(report))[0]
    return entry["peak_bytes"] - entry["resident_bytes"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--budget", required=True)
    parser.add_argument("--batch", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--kiln-opt", required=True)
    parser.add_argument("--kiln-run", required=True)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        remat = os.path.join(tmp, "remat.mlir")
        run = subprocess.run(
            [args.kiln_opt, args.file, "--kiln-remat=function=train_step "
             f"budget={args.budget}", "-o", remat],
            capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit(f"FAIL kiln-remat: {run.stderr}")
        print(run.stderr.strip())
        before, after = peak(args.kiln_opt, args.file, tmp), \
            peak(args.kiln_opt, remat, tmp)
        budget = (before * float(args.budget[:-1]) / 100
                  if args.budget.endswith("%") else int(args.budget))
        status = "ok" if after <= budget and after < before else "FAIL"
        print(f"{status} scratch peak {before} -> {after} bytes (budget "
              f"{int(budget)})")

        state = run_kiln(args.kiln_run, args.file, "train_init", [], tmp)
        rng = np.random.default_rng(args.seed)
        batch = [make_input(s, rng) for s in args.batch.split(",")]
        inputs = state + batch + [make_input(args.target, rng)]
        plain = run_kiln(args.kiln_run, args.file, "train_step", inputs, tmp)
        rematerialized = run_kiln(args.kiln_run, remat, "train_step", inputs,
                                  tmp)
        names = result_names(args.file, "train_step")
        same = [a.dtype == b.dtype and a.shape == b.shape and
                a.tobytes() == b.tobytes()
                for a, b in zip(plain, rematerialized)]
        for name, equal in zip(names, same):
            if not equal:
                print(f"FAIL {name} differs")
        if all(same) and len(plain) == len(rematerialized):
            print(f"ok bitwise: {len(plain)} outputs")
        else:
            status = "FAIL"
    return 0 if status == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
