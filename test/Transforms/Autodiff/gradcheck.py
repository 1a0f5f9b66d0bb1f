#!/usr/bin/python3
"""Numeric check of a gradient built by --kiln-autodiff.

  gradcheck.py FILE.mlir --function NAME --wrt 0,1 \
      --inputs "4x3xf32, 3x5xf32, 4xi64:0..5" \
      (--torch "F.mse_loss(t0 @ t1, t2)" | --fd) [--tol T]

Differentiates NAME with kiln-opt --kiln-autodiff, runs NAME_grad with
kiln-run on seeded random inputs (test/E2E/e2e.py's input specs), and
checks the loss and the gradients against an independent reference:

--torch EXPR  the forward computation written in torch (t0, t1, ... are
              the inputs in float64; F is torch.nn.functional; --prelude
              FILE adds helper definitions): torch
              autograd gives the reference gradients. Error measure as in
              e2e.py: max|kiln - ref| / max|ref| per output, <= --tol
              (default 1e-5 for f32 code).
--fd          central finite differences of Kiln's own forward function in
              float64: the file's f32 types are rewritten to f64, and for
              three random directions v the directional derivative
              (f(x + h v) - f(x - h v)) / 2h must match sum(grad . v)
              within --tol relative (default 1e-6). This checks each rule
              against the forward op it differentiates, without torch.
--passes P    kiln-opt passes run on the gradient before kiln-run (for
              example "--kiln-decompose", the reference lowering).
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

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "E2E"))
from e2e import make_input  # noqa: E402


def result_names(path, function):
    """The file kiln-run writes for each result of `function` in `path`,
    in result order: the result's kiln.name, or result<i> without one."""
    text = open(path).read()
    header = re.search(r"func\.func @" + re.escape(function) +
                       r"\(.*\) -> (.*) \{$", text, re.MULTILINE).group(1)
    results = re.split(r",\s*(?=tensor<)", header.strip("()"))
    names = []
    for i, result in enumerate(results):
        name = re.search(r'kiln\.name = "([^"]*)"', result)
        names.append(name.group(1) if name else f"result{i}")
    return names


def run_kiln(kiln_run, path, entry, inputs, tmp):
    """Runs `entry` of `path` with kiln-run; its outputs in result order."""
    paths = []
    for i, value in enumerate(inputs):
        paths.append(os.path.join(tmp, f"in{i}.npy"))
        np.save(paths[-1], value)
    outdir = os.path.join(tmp, "out")
    result = subprocess.run([kiln_run, "--entry", entry, path] + paths +
                            ["--outdir", outdir], capture_output=True,
                            text=True)
    if result.returncode != 0:
        sys.exit(f"FAIL {entry}: kiln-run exit {result.returncode}\n"
                 f"{result.stderr}")
    files = [os.path.join(outdir, name + ".npy")
             for name in result_names(path, entry)]
    outputs = [np.load(f) for f in files]
    for f in files:
        os.remove(f)
    return outputs


def normalized_error(got, ref):
    ref = np.asarray(ref, dtype=np.float64)
    scale = np.max(np.abs(ref), initial=0.0)
    diff = np.max(np.abs(got.astype(np.float64) - ref), initial=0.0)
    return diff / scale if scale > 0 else diff


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--function", required=True)
    parser.add_argument("--wrt", required=True)
    parser.add_argument("--inputs", required=True)
    parser.add_argument("--torch", default="")
    parser.add_argument("--fd", action="store_true")
    parser.add_argument("--tol", type=float, default=0.0)
    parser.add_argument("--prelude", default="",
                        help="a Python file run before --torch (helpers)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--passes", default="",
                        help="kiln-opt passes run after --kiln-autodiff "
                        "(for example --kiln-decompose, to check the "
                        "reference lowering of what autodiff emitted)")
    parser.add_argument("--kiln-opt", required=True)
    parser.add_argument("--kiln-run", required=True)
    args = parser.parse_args()

    wrt = [int(i) for i in args.wrt.split(",")]
    rng = np.random.default_rng(args.seed)
    specs = [s for s in args.inputs.split(",") if s.strip()]
    inputs = [make_input(spec, rng) for spec in specs]
    name = args.function

    with tempfile.TemporaryDirectory() as tmp:
        source = open(args.file).read()
        if args.fd:
            source = source.replace("f32", "f64")
            inputs = [x.astype(np.float64) if x.dtype == np.float32 else x
                      for x in inputs]
        src_path = os.path.join(tmp, "source.mlir")
        with open(src_path, "w") as f:
            f.write(source)
        grad_path = os.path.join(tmp, "grad.mlir")
        subprocess.run([args.kiln_opt, src_path, "--kiln-autodiff=function="
                        f"{name} wrt={','.join(map(str, wrt))}"] +
                       args.passes.split() + ["-o", grad_path], check=True)
        outputs = run_kiln(args.kiln_run, grad_path, name + "_grad", inputs,
                           tmp)
        grads = outputs[-len(wrt):]
        loss = outputs[0]
        status = 0

        if args.fd:
            tol = args.tol or 1e-6
            for trial in range(3):
                directions = [rng.standard_normal(inputs[i].shape)
                              for i in wrt]
                h = 1e-6
                plus, minus = list(inputs), list(inputs)
                for i, v in zip(wrt, directions):
                    plus[i] = inputs[i] + h * v
                    minus[i] = inputs[i] - h * v
                f_plus = run_kiln(args.kiln_run, grad_path, name, plus,
                                  tmp)[0]
                f_minus = run_kiln(args.kiln_run, grad_path, name, minus,
                                   tmp)[0]
                numeric = float(np.sum(f_plus - f_minus)) / (2 * h)
                analytic = float(sum(np.sum(g * v)
                                     for g, v in zip(grads, directions)))
                error = abs(numeric - analytic) / max(
                    abs(numeric), abs(analytic), 1e-8)
                verdict = "ok" if error <= tol else "FAIL"
                print(f"{verdict} {name} direction {trial}: autodiff "
                      f"{analytic:.10g}, finite differences {numeric:.10g}, "
                      f"relative error {error:.3g} (tolerance {tol:g})")
                status |= int(error > tol)

        if args.torch:
            tol = args.tol or 1e-5
            env = {"np": np, "torch": torch, "F": F}
            if args.prelude:
                with open(args.prelude) as prelude:
                    exec(prelude.read(), env)
            tensors = []
            for i, value in enumerate(inputs):
                wide = value.astype(np.float64) if value.dtype.kind == "f" \
                    else value
                t = torch.from_numpy(np.array(wide))
                if i in wrt:
                    t.requires_grad_(True)
                tensors.append(t)
                env[f"t{i}"] = t
            ref_loss = eval(args.torch, env)
            ref_grads = torch.autograd.grad(ref_loss, [tensors[i] for i in wrt],
                                            allow_unused=True)
            checks = [("loss", loss, ref_loss.detach().numpy())]
            for i, g, r in zip(wrt, grads, ref_grads):
                ref = np.zeros(g.shape) if r is None else r.numpy()
                checks.append((f"d/dt{i}", g, ref))
            for label, got, ref in checks:
                if got.shape != np.shape(ref):
                    print(f"FAIL {name} {label}: shape {got.shape}, "
                          f"expected {np.shape(ref)}")
                    status = 1
                    continue
                error = normalized_error(got, ref)
                verdict = "ok" if error <= tol else "FAIL"
                print(f"{verdict} {name} {label} vs torch: normalized max "
                      f"error {error:.3g} (tolerance {tol:g})")
                status |= int(error > tol)
    return status


if __name__ == "__main__":
    sys.exit(main())
