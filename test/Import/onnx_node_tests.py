#!/usr/bin/python3
"""Runs ONNX's backend tests (Debian's libonnx-testdata) through Kiln.

  onnx_node_tests.py --bin BUILD/bin [--data DIR] [--sets node,...]
                     [--markdown FILE] [--jobs N] [--only SUBSTRING]

Every test of every set (node, pytorch-operator, pytorch-converted) is
attempted, whatever operators it uses: kiln-compile compiles its model.onnx,
the executable runs on each test_data_set's inputs, and every output is
compared with the shipped one at the backend tests' tolerance
(|got - expected| <= 1e-7 + 1e-3 |expected|, NaNs matching; integers and
booleans exactly). A test counts as
  passed    every data set matched;
  rejected  kiln-compile refused it with one diagnostic ("error: ...") and
            exit 1, writing no output file;
  failed    anything else: wrong values or shapes, a crash, a hang, an exit
            without a diagnostic, a half-written output;
  disputed  failed, but the test's shipped outputs contradict the
            operator's specification (the DISPUTED list says how).
A test rejected because a graph input decides a shape (the diagnostic
names --static-input) is compiled again with that input fixed to the data
set's value, and counts as "static" when it then passes. Prints a summary
and, with --markdown, writes docs/onnx-coverage.md. Exits 1
when any test failed (rejections are reported, not failures).
"""
import argparse
import collections
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

DATA = "/usr/share/libonnx-testdata/data"
SETS = ("node", "pytorch-operator", "pytorch-converted")
TIMEOUT = 300


def load_tensor(path, bfloat16=False):
    """The tensor as numpy holds it; bfloat16 (which numpy lacks) as 2-byte
    void elements, the .npy form Kiln's programs read and write for it.
    `bfloat16`: the model declares the value bfloat16 (ONNX 1.12's data sets
    store such tensors as their uint16 bits)."""
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    array = numpy_helper.to_array(tensor)
    if bfloat16 or tensor.data_type == onnx.TensorProto.BFLOAT16:
        array = np.ascontiguousarray(array).view(np.uint16).view("V2")
    return array


def is_bfloat16(value_info):
    return value_info.type.tensor_type.elem_type == onnx.TensorProto.BFLOAT16


def bfloat16_to_float(array):
    """float32 values of bfloat16 bits held as 2-byte voids."""
    bits = array.view(np.uint16).astype(np.uint32) << 16
    return bits.view(np.float32)


def reject_reason(first_line):
    """The diagnostic without its location and the node's and inputs'
    names, for grouping."""
    message = first_line.split("error: ", 1)[1]
    message = re.sub(r"^node '[^']*' \(", "(", message)
    message = re.sub(r"input (\d+) \('[^']*'\)", r"input \1", message)
    message = re.sub(r"--static-input \S+=FILE", "--static-input", message)
    return message


# Tests whose shipped outputs contradict the operator's specification: when
# Kiln's result differs from them, the test counts as "disputed", not failed.
DISPUTED = {
    "node/test_adam_multiple":
        "its outputs were computed with epsilon 1e-2, but the node sets no "
        "epsilon, so the schema's default 1e-6 applies (the generator passes "
        "epsilon to its reference only); with 1e-6 Kiln's X1_new is "
        "0.75596, the shipped 0.75914",
    "node/test_cast_FLOAT_to_BFLOAT16":
        "its outputs truncate float32 to bfloat16 (ONNX 1.12's generator); "
        "Kiln rounds to nearest even, as PyTorch, ONNX Runtime and later "
        "ONNX releases (onnx.helper.float32_to_bfloat16) do",
}
# The bfloat16 CastLike tests declare input 'like' as [3, 4] but ship it with
# shape [1]; a runtime that checks its inputs' shapes refuses the data set.
for _name in ("test_castlike_BFLOAT16_to_FLOAT",
              "test_castlike_BFLOAT16_to_FLOAT_expanded",
              "test_castlike_FLOAT_to_BFLOAT16",
              "test_castlike_FLOAT_to_BFLOAT16_expanded"):
    DISPUTED[f"node/{_name}"] = (
        "the model declares input 'like' as [3, 4], its data set holds "
        "shape [1]; Kiln's program refuses the mismatch, as ONNX Runtime "
        "does")

STATIC_HINT = re.compile(r"--static-input (\S+)=FILE fixes")
SYMBOLIC_HINT = re.compile(r"graph input '([^']+)' has shape \S+ with symbolic")


def compile_model(bin_dir, test_dir, exe, statics, shapes):
    """Runs kiln-compile; returns (status, detail) with status None on
    success."""
    command = [os.path.join(bin_dir, "kiln-compile"),
               os.path.join(test_dir, "model.onnx"), "-o", exe]
    command += [f"--static-input={name}={path}"
                for name, path in statics.items()]
    command += [f"--input-shape={name}={shape}"
                for name, shape in shapes.items()]
    try:
        run = subprocess.run(command, capture_output=True, text=True,
                             timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return "failed", "kiln-compile timed out"
    if run.returncode == 0:
        return None, ""
    message = run.stderr.strip().splitlines()
    if run.returncode == 1 and message and "error: " in message[0]:
        if os.path.exists(exe):
            return "failed", "rejected but left an output file"
        return "rejected", message[0]
    return "failed", f"kiln-compile exit {run.returncode}: " + \
        " ".join(message[-2:])[:300]


def run_test(test_dir, bin_dir, work, key):
    """Returns (status, detail): passed, static (passed once the graph
    inputs that decide shapes were fixed with --static-input), rejected or
    failed."""
    model = onnx.load(os.path.join(test_dir, "model.onnx"))
    initializers = {t.name for t in model.graph.initializer}
    graph_inputs = [i.name for i in model.graph.input
                    if i.name not in initializers]
    outputs = [o.name for o in model.graph.output]
    bf16_inputs = {i.name for i in model.graph.input if is_bfloat16(i)}
    bf16_outputs = {o.name for o in model.graph.output if is_bfloat16(o)}
    data_sets = sorted(d for d in os.listdir(test_dir)
                       if d.startswith("test_data_set"))
    # Find the inputs that must be static from the first data set's
    # diagnostics: each rejection names one.
    statics, shapes = [], {}
    exe = os.path.join(work, key)
    first = os.path.join(test_dir, data_sets[0]) if data_sets else test_dir
    while True:
        paths = {name: os.path.join(first, f"input_{graph_inputs.index(name)}.pb")
                 for name in statics}
        status, detail = compile_model(bin_dir, test_dir, exe, paths, shapes)
        if status != "rejected":
            break
        symbolic = SYMBOLIC_HINT.search(detail)
        if symbolic and symbolic.group(1) in graph_inputs and \
                symbolic.group(1) not in shapes and data_sets:
            # Fix the symbolic dimensions to the data set's shape, as a user
            # does with --input-shape.
            name = symbolic.group(1)
            value = load_tensor(os.path.join(
                first, f"input_{graph_inputs.index(name)}.pb"))
            if value.ndim == 0 or 0 in value.shape:
                return "rejected", reject_reason(detail)
            shapes[name] = "x".join(str(d) for d in value.shape)
            continue
        hint = STATIC_HINT.search(detail)
        if not hint or hint.group(1) not in graph_inputs or \
                hint.group(1) in statics or not data_sets:
            return "rejected", reject_reason(detail)
        statics.append(hint.group(1))
    if status:
        return status, detail
    for data_set in data_sets:
        data_dir = os.path.join(test_dir, data_set)
        if statics and data_set != data_sets[0]:
            # Each data set's own values of the static inputs.
            exe = os.path.join(work, f"{key}_{data_set}")
            paths = {name: os.path.join(
                data_dir, f"input_{graph_inputs.index(name)}.pb")
                for name in statics}
            status, detail = compile_model(bin_dir, test_dir, exe, paths,
                                           shapes)
            if status:
                return ("failed", f"{data_set} with static inputs: {detail}")
        inputs = []
        i = 0
        while os.path.exists(os.path.join(data_dir, f"input_{i}.pb")):
            if i < len(graph_inputs) and graph_inputs[i] in statics:
                i += 1
                continue
            npy = os.path.join(work, f"{key}_{data_set}_in{i}.npy")
            bf16 = i < len(graph_inputs) and graph_inputs[i] in bf16_inputs
            np.save(npy, load_tensor(os.path.join(data_dir, f"input_{i}.pb"),
                                     bf16))
            inputs.append(npy)
            i += 1
        outdir = os.path.join(work, f"{key}_{data_set}_out")
        try:
            run = subprocess.run([exe, *inputs, "--outdir", outdir],
                                 capture_output=True, text=True,
                                 timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return "failed", "run timed out"
        if run.returncode != 0:
            return "failed", f"run exit {run.returncode}: " + \
                run.stderr.strip()[:200]
        for i, output in enumerate(outputs):
            expected = load_tensor(os.path.join(data_dir, f"output_{i}.pb"),
                                   output in bf16_outputs)
            got_path = os.path.join(outdir, f"{output}.npy")
            if not os.path.exists(got_path):
                return "failed", f"no output {output}"
            got = np.load(got_path)
            if (got.dtype == np.dtype("V2")) != \
                    (expected.dtype == np.dtype("V2")):
                return "failed", f"output {output}: dtype {got.dtype}, " \
                    f"expected {expected.dtype}"
            if got.shape != expected.shape:
                return "failed", f"output {output}: shape {got.shape}, " \
                    f"expected {expected.shape}"
            if expected.dtype == np.dtype("V2"):
                got, expected = bfloat16_to_float(got), \
                    bfloat16_to_float(expected)
            if expected.dtype == bool or np.issubdtype(expected.dtype,
                                                       np.integer):
                ok = np.array_equal(got, expected)
            else:
                ok = np.allclose(got.astype(np.float64),
                                 expected.astype(np.float64), rtol=1e-3,
                                 atol=1e-7, equal_nan=True)
            if not ok:
                return "failed", f"output {output}: values differ"
    if statics or shapes:
        return "static", "--static-input/--input-shape " + \
            ", ".join(statics + list(shapes))
    return "passed", ""


def main_operator(model):
    return next((n.op_type for n in model.graph.node
                 if n.op_type != "Constant"), "Constant")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--data", default=DATA)
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--markdown")
    parser.add_argument("--only", help="run only tests whose name has this")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--verbose", action="store_true",
                        help="print every rejection too")
    args = parser.parse_args()
    sets = args.sets.split(",")
    supported = subprocess.run(
        [os.path.join(args.bin, "kiln-import"), "--list-operators"],
        check=True, capture_output=True, text=True).stdout.split()

    tests = []  # (set, name, dir, main operator)
    for test_set in sets:
        root = os.path.join(args.data, test_set)
        for name in sorted(os.listdir(root)):
            if args.only and args.only not in name:
                continue
            test_dir = os.path.join(root, name)
            model = onnx.load(os.path.join(test_dir, "model.onnx"))
            tests.append((test_set, name, test_dir, main_operator(model)))

    results = {}
    with tempfile.TemporaryDirectory() as work, \
            concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {pool.submit(run_test, d, args.bin, work, f"{s}_{n}"):
                   (s, n) for s, n, d, _ in tests}
        for future in concurrent.futures.as_completed(futures):
            key = futures[future]
            status, detail = future.result()
            if status == "failed" and f"{key[0]}/{key[1]}" in DISPUTED:
                status = "disputed"
            results[key] = (status, detail)

    for (test_set, name), (status, detail) in sorted(results.items()):
        if status == "failed" or (args.verbose and status == "rejected"):
            print(f"{status.upper()} {test_set}/{name}: {detail}")
    per_set = {s: collections.Counter() for s in sets}
    for (test_set, _), (status, _) in results.items():
        per_set[test_set][status] += 1
    for test_set in sets:
        c = per_set[test_set]
        print(f"{test_set}: {c['passed']} passed, {c['static']} passed with "
              f"--static-input, {c['rejected']} rejected, {c['failed']} "
              f"failed, {c['disputed']} disputed of {sum(c.values())}")
    if args.markdown:
        with open(args.markdown, "w") as out:
            write_markdown(out, sets, tests, results, per_set, supported)
    return 1 if any(c["failed"] for c in per_set.values()) else 0


def write_markdown(out, sets, tests, results, per_set, supported):
    out.write(MARKDOWN_HEAD)
    out.write("| test set | tests | passed | passed with --static-input | "
              "rejected | failed | disputed | passed % (without / with "
              "static inputs) |\n")
    out.write("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
    for test_set in sets:
        c = per_set[test_set]
        total = sum(c.values())
        share = 100.0 * c["passed"] / total if total else 0.0
        both = 100.0 * (c["passed"] + c["static"]) / total if total else 0.0
        out.write(f"| {test_set} | {total} | {c['passed']} | {c['static']} "
                  f"| {c['rejected']} | {c['failed']} | {c['disputed']} "
                  f"| {share:.1f} / {both:.1f} |\n")
    disputed = sorted(f"{s}/{n}" for (s, n), (status, _) in results.items()
                      if status == "disputed")
    if disputed:
        out.write("\n**Disputed** tests ship outputs that contradict the "
                  "operator's specification; Kiln follows the "
                  "specification:\n\n")
        for name in disputed:
            out.write(f"- `{name}`: {DISPUTED[name]}.\n")
    out.write("\n## Operators\n\n")
    default = [op for op in supported if "." not in op]
    training = [op for op in supported
                if op.startswith("ai.onnx.preview.training.")]
    microsoft = [op for op in supported if op.startswith("com.microsoft.")]
    out.write(f"`kiln-import --list-operators` names {len(default)} "
              "operator types of the default domain, for models of opsets "
              f"{OPSETS}, {len(training)} of `ai.onnx.preview.training` "
              f"and {len(microsoft)} of ONNX Runtime's `com.microsoft` "
              "(opset 1 each):\n\n")
    out.write(", ".join(f"`{op}`" for op in supported) + ".\n")
    out.write("\n## Why tests are rejected\n\n")
    out.write("Each distinct diagnostic (node names left out), with the "
              "number of tests it rejects.\n\n")
    reasons = collections.Counter(detail for status, detail in
                                  results.values() if status == "rejected")
    out.write("| tests | diagnostic |\n| ---: | --- |\n")
    for reason, count in sorted(reasons.items(), key=lambda x: (-x[1], x[0])):
        out.write(f"| {count} | {reason.replace('|', '/')} |\n")
    for test_set in sets:
        out.write(f"\n## {test_set}, by operator\n\n")
        out.write("A test is grouped under its first non-Constant "
                  "operator.\n\n")
        out.write("| operator | tests | passed | with --static-input | "
                  "rejected | failed |\n")
        out.write("| --- | ---: | ---: | ---: | ---: | ---: |\n")
        groups = collections.defaultdict(collections.Counter)
        for s, name, _, op in tests:
            if s == test_set:
                groups[op][results[(s, name)][0]] += 1
        for op in sorted(groups):
            c = groups[op]
            out.write(f"| {op} | {sum(c.values())} | {c['passed']} | "
                      f"{c['static']} | {c['rejected']} | {c['failed']} |\n")


OPSETS = "1 to 22"

MARKDOWN_HEAD = """# ONNX coverage

Generated by `test/Import/onnx_node_tests.py --bin build/bin --markdown
docs/onnx-coverage.md`; the lit test `test/Import/onnx-node-tests.test` runs
the same driver in CI and fails when this file differs from what it
produces. Source: ONNX's backend tests from Debian's `libonnx-testdata`
1.12 (`/usr/share/libonnx-testdata/data`): the `node` tests (one operator,
opsets 1 to 17), `pytorch-operator` and `pytorch-converted` (small torch
modules exported to ONNX).

Every test is attempted, whatever operators it uses: its `model.onnx` is
compiled with `kiln-compile`, run on each shipped data set, and compared at
the backend tests' tolerance (`|got - expected| <= 1e-7 + 1e-3 |expected|`,
NaNs matching; integers and booleans exactly).

- **passed**: every output of every data set matched.
- **passed with --static-input**: the same, once the graph inputs that
  decide shapes (a Reshape's target, Resize's scales, a Slice's starts
  given as graph inputs) were fixed to the data set's values with
  `kiln-compile --static-input NAME=FILE`, and symbolic input dimensions
  to the data set's with `--input-shape`; without them, these tests are
  rejected with a diagnostic naming the input and the option.
- **rejected**: `kiln-compile` refused the model with one diagnostic naming
  the node, its type and opset, and the reason, exit 1 and no output file.
- **failed**: wrong values or shapes, a crash, a hang, or an exit without a
  diagnostic. CI fails on any.
- **disputed**: failed, but the test's shipped outputs contradict the
  operator's specification (listed below the table, with how).

"""

if __name__ == "__main__":
    sys.exit(main())
