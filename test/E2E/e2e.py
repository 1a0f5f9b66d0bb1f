#!/usr/bin/python3
"""End-to-end numeric check of one Kiln function against numpy/torch.

  e2e.py FILE.mlir --entry NAME --inputs "4x8xf32, 4xi64:0..8" \
         --ref "torch.softmax(t0, 1)" [--tol 1e-5] [--compile]

Generates seeded random inputs from the specs, runs the function with
kiln-run (or, with --compile, as an executable built by kiln-compile),
evaluates the reference expression in float64 with torch/numpy, and
compares every output.

With --mpi N (and --compile) the executable runs on N processes under
mpirun: a model partitioned over a mesh of N devices (kiln-compile does it
when the file has a kiln.mesh, or when --compile-args gives --mesh) must
write the single-device outputs.

Input specs: SHAPE x DTYPE with an optional range, e.g. `2x3xf32` (standard
normal), `2x3xf32:0.1..2` (uniform), `8xi64:0..10` (integers in [0, 10)),
`4xi1` (random booleans), `f32` (0-d).

In the reference expression, `a0, a1, ...` are the inputs as numpy arrays
and `t0, t1, ...` as torch tensors, float inputs in float64; `np`, `torch`
and `F` (torch.nn.functional) are in scope. It returns one array/tensor or
a tuple of them, in the function's result order.

Error measure: for float outputs, max|kiln - ref| / max|ref| over the
output (the normalized max error; elementwise relative error is undefined
near zero); it must be <= --tol. Integer and boolean outputs must be equal.
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

DTYPES = {"f32": np.float32, "f64": np.float64, "f16": np.float16,
          "i64": np.int64, "i32": np.int32, "i16": np.int16, "i8": np.int8,
          "ui64": np.uint64, "ui32": np.uint32, "ui16": np.uint16,
          "ui8": np.uint8, "i1": np.bool_, "bf16": "bf16"}

# numpy has no bfloat16: Kiln's .npy files hold its bits as 2-byte voids.
BF16 = np.dtype("V2")


def bf16_to_float64(array):
    bits = array.view(np.uint16).astype(np.uint32) << 16
    return bits.view(np.float32).astype(np.float64)


def float_to_bf16(array):
    """Rounded to nearest even, as torch rounds."""
    t = torch.from_numpy(np.asarray(array, np.float32)).to(torch.bfloat16)
    return t.view(torch.int16).numpy().view(np.uint16).view(BF16)


def make_input(spec, rng):
    spec = spec.strip()
    spec, _, value_range = spec.partition(":")
    parts = spec.split("x")
    dtype = DTYPES[parts[-1]]
    shape = tuple(int(p) for p in parts[:-1])
    if dtype == "bf16":
        return float_to_bf16(make_input(spec.replace("bf16", "f32") +
                                        (":" + value_range if value_range
                                         else ""), rng))
    if dtype == np.bool_:
        return rng.random(shape) < 0.5
    if value_range:
        low, high = (float(v) for v in value_range.split(".."))
        if np.issubdtype(dtype, np.integer):
            low, high = (int(v) for v in value_range.split(".."))
            return rng.integers(low, high, shape, dtype=dtype)
        return rng.uniform(low, high, shape).astype(dtype)
    if np.issubdtype(dtype, np.unsignedinteger):
        return rng.integers(0, 200, shape).astype(dtype)
    if np.issubdtype(dtype, np.integer):
        return rng.integers(-100, 100, shape).astype(dtype)
    return rng.standard_normal(shape).astype(dtype)


def to_numpy(value):
    if isinstance(value, torch.Tensor):
        if value.dtype == torch.bfloat16:
            value = value.float()
        return value.detach().numpy()
    return np.asarray(value)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--entry", default="")
    parser.add_argument("--inputs", default="")
    parser.add_argument("--ref", required=True)
    parser.add_argument("--tol", type=float, default=1e-5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--compile", action="store_true")
    parser.add_argument("--weights", action="store_true",
                        help="with --compile: constants in a side file next "
                        "to the executable (kiln-compile --weights)")
    parser.add_argument("--threads", type=int, default=0,
                        help="threads the model runs on (0: its default)")
    parser.add_argument("--mpi", type=int, default=0,
                        help="with --compile: run the executable on this "
                        "many MPI processes (mpirun -np N); the model must "
                        "be partitioned over a mesh of that many devices")
    parser.add_argument("--compile-args", default="",
                        help="with --compile: more kiln-compile options, "
                        "space-separated (e.g. --mesh=data=2 --shard=auto)")
    parser.add_argument("--prelude", default="",
                        help="a Python file run before --ref (helpers)")
    parser.add_argument("--kiln-run", required=True)
    parser.add_argument("--kiln-compile", required=True)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    specs = [s for s in args.inputs.split(",") if s.strip()]
    inputs = [make_input(spec, rng) for spec in specs]
    name = args.entry or os.path.basename(args.file)

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, value in enumerate(inputs):
            paths.append(os.path.join(tmp, f"in{i}.npy"))
            np.save(paths[-1], value)
        outdir = os.path.join(tmp, "out")
        entry = ["--entry", args.entry] if args.entry else []
        if args.compile:
            exe = os.path.join(tmp, "model")
            weights = [f"--weights={exe}.weights"] if args.weights else []
            subprocess.run([args.kiln_compile, args.file, "-o", exe] + entry +
                           weights + args.compile_args.split(), check=True)
            command = [exe] + paths + ["--outdir", outdir]
            if args.mpi:
                # Two cores in CI: more processes than cores is expected.
                command = ["mpirun", "-np", str(args.mpi), "--oversubscribe"
                           ] + command
        else:
            command = [args.kiln_run] + entry + [args.file] + paths + [
                "--outdir", outdir]
        if args.threads:
            command += ["--threads", str(args.threads)]
        env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1",
                   OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
        result = subprocess.run(command, capture_output=True, text=True,
                                env=env)
        if result.returncode != 0:
            print(f"FAIL {name}: exit {result.returncode}\n{result.stderr}")
            return 1
        outputs = sorted(f for f in os.listdir(outdir) if f.endswith(".npy"))
        got = {f[:-4]: np.load(os.path.join(outdir, f)) for f in outputs}

    env = {"np": np, "torch": torch, "F": F}
    for i, value in enumerate(inputs):
        if value.dtype == BF16:
            wide = bf16_to_float64(value)
        else:
            wide = value.astype(np.float64) if value.dtype.kind == "f" \
                else value
        env[f"a{i}"] = wide
        # torch has no uint16/32/64 tensors: those inputs are numpy only.
        if wide.dtype not in (np.uint16, np.uint32, np.uint64):
            env[f"t{i}"] = torch.from_numpy(np.array(wide))
    if args.prelude:
        with open(args.prelude) as prelude:
            exec(prelude.read(), env)
    reference = eval(args.ref, env)
    if not isinstance(reference, tuple):
        reference = (reference,)
    if len(reference) != len(got):
        print(f"FAIL {name}: {len(got)} outputs, reference has "
              f"{len(reference)}")
        return 1

    # Output files are named result0..N (or by kiln.name); match in order.
    def order(key):
        m = re.fullmatch(r"result(\d+)", key)
        return (0, int(m.group(1))) if m else (1, key)

    status = 0
    for key, ref in zip(sorted(got, key=order), reference):
        out, ref = got[key], to_numpy(ref)
        if out.dtype == BF16:
            out = bf16_to_float64(out)
        if out.shape != ref.shape:
            print(f"FAIL {name}/{key}: shape {out.shape}, expected {ref.shape}")
            status = 1
            continue
        if out.dtype.kind in "iub":
            bad = int(np.sum(out != ref.astype(out.dtype)))
            verdict = "ok" if bad == 0 else "FAIL"
            print(f"{verdict} {name}/{key}: {bad} of {out.size} elements differ")
            status |= int(bad != 0)
            continue
        ref = ref.astype(np.float64)
        if not np.array_equal(np.isnan(out), np.isnan(ref)):
            print(f"FAIL {name}/{key}: NaN positions differ")
            status = 1
            continue
        finite = ~np.isnan(ref)
        scale = np.max(np.abs(ref[finite]), initial=0.0)
        diff = np.abs(out[finite].astype(np.float64) - ref[finite])
        error = np.max(diff, initial=0.0) / scale if scale > 0 else np.max(
            diff, initial=0.0)
        verdict = "ok" if error <= args.tol else "FAIL"
        print(f"{verdict} {name}/{key}: normalized max error {error:.3g} "
              f"(tolerance {args.tol:g})")
        status |= int(error > args.tol)
    return status


if __name__ == "__main__":
    sys.exit(main())
