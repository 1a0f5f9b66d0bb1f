"""Kill-mid-write check of Kiln's outputs.

    atomic_check.py --bin BUILD/bin --work DIR

For each writer (kiln-compile's IR output, its executable and weights
file, kiln-opt's -o, a compiled program's .npy outputs), starts it over an
existing old file, watches the destination while it runs, and kills it
with SIGKILL at several moments. Every observation of the destination
must be the old file or the complete new one, never a part. Prints `ok
WRITER: N observations, K kills` per writer; exits 1 on a torn file.
"""

import argparse
import hashlib
import os
import signal
import subprocess
import sys
import time

import numpy as np


def digest(path):
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except FileNotFoundError:
        return None


def check(name, command, destination, work):
    """Runs `command` once to completion for the new file's digest, then
    again (over the old file) under observation, and killed at moments
    spread over its run."""
    old = b"old contents of " + name.encode() + b"\n"
    with open(destination, "wb") as f:
        f.write(old)
    start = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    duration = time.monotonic() - start
    new = digest(destination)
    allowed = {hashlib.sha256(old).hexdigest(), new}
    observations = kills = 0
    for fraction in (None, 0.3, 0.6, 0.8, 0.9, 0.95, 1.0):
        with open(destination, "wb") as f:
            f.write(old)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        begin = time.monotonic()
        while process.poll() is None:
            seen = digest(destination)
            observations += 1
            if seen not in allowed:
                process.kill()
                process.wait()
                return "%s was torn while being written" % destination
            if fraction is not None and \
                    time.monotonic() - begin >= fraction * duration:
                process.send_signal(signal.SIGKILL)
                process.wait()
                kills += 1
                break
        if digest(destination) not in allowed:
            return "%s is torn after %s" % (
                destination, "a kill" if fraction else "the run")
    print("ok %s: %d observations, %d kills" % (name, observations, kills))
    return None


def expect_whole(name, command, destination, work):
    error = check(name, command, destination, work)
    if error:
        sys.exit("FAIL: %s: %s" % (name, error))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    work = args.work
    os.makedirs(work, exist_ok=True)
    # A model whose outputs are large: 1 M floats of constant (written as a
    # hex blob by --compile-to, or as the weights file), 16 M floats out.
    model = os.path.join(work, "big.mlir")
    with open(model, "w") as f:
        data = np.random.default_rng(0).standard_normal(1 << 20).astype(
            np.float32).tobytes().hex().upper()
        f.write('func.func @big(%x: tensor<1024x1024xf32>) -> '
                'tensor<4x1024x1024xf32> {\n'
                '  %w = kiln.constant dense<"0xDATA"> : tensor<1024x1024xf32>\n'
                '  %y = kiln.add %x, %w : (tensor<1024x1024xf32>, '
                'tensor<1024x1024xf32>) -> tensor<1024x1024xf32>\n'
                '  %r = kiln.reshape %y : (tensor<1024x1024xf32>) -> '
                'tensor<1x1024x1024xf32>\n'
                '  %b = kiln.broadcast %r : '
                '(tensor<1x1024x1024xf32>) -> tensor<4x1024x1024xf32>\n'
                '  return %b : tensor<4x1024x1024xf32>\n}\n'.replace(
                    "DATA", data))
    # The control: a writer that writes in place is caught.
    control = os.path.join(work, "control.bin")
    error = check("control", [sys.executable, "-c",
                              "import sys, time\n"
                              "with open(sys.argv[1], 'wb') as f:\n"
                              "    for i in range(50):\n"
                              "        f.write(bytes(1 << 16)); f.flush()\n"
                              "        time.sleep(0.002)\n", control],
                  control, work)
    print("control: in-place writer %s" % ("caught: " + error if error
                                           else "NOT caught"))
    compile_ = os.path.join(args.bin, "kiln-compile")
    ir_out = os.path.join(work, "graph.mlir")
    expect_whole("kiln-compile --compile-to", [compile_, model,
                                        "--compile-to=graph", "-o", ir_out],
          ir_out, work)
    opt_out = os.path.join(work, "opt.mlir")
    expect_whole("kiln-opt -o", [os.path.join(args.bin, "kiln-opt"), model,
                          "--kiln-graph-optimize", "-o", opt_out],
          opt_out, work)
    exe = os.path.join(work, "big")
    weights_file = os.path.join(work, "big.weights")
    expect_whole("kiln-compile --weights", [compile_, model, "-o", exe,
                                     "--weights=" + weights_file],
          weights_file, work)
    # The last kill may have left the old weights: the program needs new.
    subprocess.run([compile_, model, "-o", exe, "--weights=" + weights_file],
                   check=True)
    x = os.path.join(work, "x.npy")
    np.save(x, np.ones((1024, 1024), np.float32))
    outdir = os.path.join(work, "out")
    os.makedirs(outdir, exist_ok=True)
    expect_whole("program --outdir", [exe, x, "--outdir", outdir],
          os.path.join(outdir, "result0.npy"), work)


if __name__ == "__main__":
    main()
