#!/usr/bin/python3
"""Runs ONNX's backend node tests (Debian's libonnx-testdata) through Kiln.

  onnx_node_tests.py --bin BUILD/bin [--data DIR] [--markdown FILE] [--jobs N]

For every test whose nodes use only operators kiln-import supports, it
compiles model.onnx with kiln-compile, runs the executable on each
test_data_set's inputs and compares every output with the shipped one at
the backend tests' tolerance (|got - expected| <= 1e-7 + 1e-3 |expected|,
NaNs matching). A test counts as
  passed    every data set matched;
  rejected  kiln-compile refused it with a diagnostic (an attribute or
            type the converter does not take) and a non-zero exit;
  failed    anything else: wrong values or shapes, a crash, no diagnostic.
Prints a summary and, with --markdown, writes the per-operator table. Exits
1 when any test failed (rejections are reported, not failures).
"""
import argparse
import collections
import concurrent.futures
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

DATA = "/usr/share/libonnx-testdata/data/node"


def load_tensor(path):
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    return tensor.name, numpy_helper.to_array(tensor)


def run_test(test_dir, bin_dir, work):
    """Returns (status, detail)."""
    name = os.path.basename(test_dir)
    exe = os.path.join(work, name)
    compile_run = subprocess.run(
        [os.path.join(bin_dir, "kiln-compile"),
         os.path.join(test_dir, "model.onnx"), "-o", exe],
        capture_output=True, text=True)
    if compile_run.returncode != 0:
        message = compile_run.stderr.strip().splitlines()
        if compile_run.returncode == 1 and message and "error:" in message[0]:
            return "rejected", message[0].split("error: ", 1)[1]
        return "failed", f"kiln-compile exit {compile_run.returncode}: " + \
            " ".join(message[-2:])
    model = onnx.load(os.path.join(test_dir, "model.onnx"))
    outputs = [o.name for o in model.graph.output]
    for data_set in sorted(d for d in os.listdir(test_dir)
                           if d.startswith("test_data_set")):
        data_dir = os.path.join(test_dir, data_set)
        inputs = []
        for i in range(len(os.listdir(data_dir))):
            path = os.path.join(data_dir, f"input_{i}.pb")
            if not os.path.exists(path):
                break
            _, array = load_tensor(path)
            npy = os.path.join(work, f"{name}_{data_set}_in{i}.npy")
            np.save(npy, array)
            inputs.append(npy)
        outdir = os.path.join(work, f"{name}_{data_set}_out")
        run = subprocess.run([exe, *inputs, "--outdir", outdir],
                             capture_output=True, text=True)
        if run.returncode != 0:
            return "failed", f"run exit {run.returncode}: " + \
                run.stderr.strip()[:200]
        for i, output in enumerate(outputs):
            _, expected = load_tensor(os.path.join(data_dir, f"output_{i}.pb"))
            got_path = os.path.join(outdir, f"{output}.npy")
            if not os.path.exists(got_path):
                return "failed", f"no output {output}"
            got = np.load(got_path)
            if got.shape != expected.shape:
                return "failed", f"output {output}: shape {got.shape}, " \
                    f"expected {expected.shape}"
            if expected.dtype == bool or np.issubdtype(expected.dtype, np.integer):
                ok = np.array_equal(got, expected)
            else:
                ok = np.allclose(got.astype(np.float64),
                                 expected.astype(np.float64), rtol=1e-3,
                                 atol=1e-7, equal_nan=True)
            if not ok:
                return "failed", f"output {output}: values differ"
    return "passed", ""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--data", default=DATA)
    parser.add_argument("--markdown")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    supported = set(subprocess.run(
        [os.path.join(args.bin, "kiln-import"), "--list-operators"],
        check=True, capture_output=True, text=True).stdout.split())

    tests = collections.defaultdict(list)  # operator -> test dirs
    for name in sorted(os.listdir(args.data)):
        test_dir = os.path.join(args.data, name)
        model = onnx.load(os.path.join(test_dir, "model.onnx"))
        ops = {n.op_type for n in model.graph.node}
        if ops and ops <= supported:
            main_op = next((n.op_type for n in model.graph.node
                            if n.op_type != "Constant"), "Constant")
            tests[main_op].append(test_dir)

    results = {}
    with tempfile.TemporaryDirectory() as work, \
            concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {pool.submit(run_test, d, args.bin, work): d
                   for dirs in tests.values() for d in dirs}
        for future in concurrent.futures.as_completed(futures):
            results[futures[future]] = future.result()

    totals = collections.Counter()
    rows = []
    for op in sorted(tests):
        counts = collections.Counter(results[d][0] for d in tests[op])
        totals.update(counts)
        notes = sorted({results[d][1] for d in tests[op]
                        if results[d][0] != "passed"})
        rows.append((op, len(tests[op]), counts["passed"],
                     counts["rejected"], counts["failed"], notes))
    for d, (status, detail) in sorted(results.items()):
        if status == "failed":
            print(f"FAILED {os.path.basename(d)}: {detail}")
    print(f"node tests: {totals['passed']} passed, {totals['rejected']} "
          f"rejected, {totals['failed']} failed "
          f"({sum(len(v) for v in tests.values())} tests of "
          f"{len(tests)} supported operators)")
    if args.markdown:
        with open(args.markdown, "w") as out:
            out.write(MARKDOWN_HEAD)
            out.write(f"Totals: **{totals['passed']} passed, "
                      f"{totals['rejected']} rejected, {totals['failed']} "
                      f"failed** over {sum(len(v) for v in tests.values())} "
                      f"tests.\n\n")
            out.write("| operator | tests | passed | rejected | failed | "
                      "why not passed |\n")
            out.write("| --- | ---: | ---: | ---: | ---: | --- |\n")
            for op, n, passed, rejected, failed, notes in rows:
                why = "; ".join(note.replace("|", "/") for note in notes[:3])
                out.write(f"| {op} | {n} | {passed} | {rejected} | {failed} "
                          f"| {why} |\n")
    return 1 if totals["failed"] else 0


MARKDOWN_HEAD = """# ONNX operator coverage

Generated by `test/Import/onnx_node_tests.py --bin build/bin --markdown
docs/onnx-coverage.md` (the lit test `test/Import/onnx-node-tests.test`
runs the same driver in CI). Source: ONNX's backend node tests from
Debian's `libonnx-testdata` 1.12 (`/usr/share/libonnx-testdata/data/node`).

Every test whose nodes all have operator types that `kiln-import
--list-operators` names is compiled from its `model.onnx` with
`kiln-compile`, run on each shipped data set, and compared at the backend
tests' tolerance (`|got - expected| <= 1e-7 + 1e-3 |expected|`; integers
and booleans exactly). A test is grouped under its first non-Constant
operator.

- **passed**: every output of every data set matched.
- **rejected**: `kiln-compile` refused the model with one diagnostic and
  exit 1 (an attribute, type or form the converter does not take; the
  reason is quoted).
- **failed**: wrong values or shapes, a crash, or an exit without a
  diagnostic. CI fails on any.

"""

if __name__ == "__main__":
    sys.exit(main())
