"""Kill-and-resume check of a `kiln-compile --train` program.

    checkpoint_check.py --kiln-compile BIN --work DIR

Exports a small MLP, compiles a training program, and runs it:
uninterrupted; killed with SIGKILL at a random step and resumed; stopped
with SIGTERM and resumed; and resumed from a corrupted checkpoint. The
losses after each resume must equal the uninterrupted run's, printed
digit for digit (%.9g gives a float32 back exactly). Prints one `ok` line
per case; exits 1 on the first failure.
"""

import argparse
import os
import random
import re
import signal
import subprocess
import sys

import numpy as np
import torch

STEPS = 30


def fail(message):
    sys.exit("FAIL: " + message)


def losses(text):
    return {int(m.group(1)): m.group(2)
            for m in re.finditer(r"step (\d+) loss (\S+)", text)}


def run_until(command, stop_after, sig):
    """Starts `command`, sends `sig` once it has printed step
    `stop_after`, and returns (status, stdout, stderr)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    out = []
    for line in process.stdout:
        out.append(line)
        if line.startswith("step %d " % stop_after):
            process.send_signal(sig)
            break
    rest, err = process.communicate(timeout=120)
    return process.returncode, "".join(out) + rest, err


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kiln-compile", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    work = args.work
    os.makedirs(work, exist_ok=True)
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(32, 64), torch.nn.ReLU(),
                              torch.nn.Linear(64, 10))
    onnx_path = os.path.join(work, "mlp.onnx")
    torch.onnx.export(net, (torch.randn(16, 32),), onnx_path,
                      input_names=["x"], opset_version=17)
    r = np.random.default_rng(0)
    np.save(os.path.join(work, "x.npy"),
            r.standard_normal((100, 32)).astype(np.float32))
    np.save(os.path.join(work, "y.npy"), r.integers(0, 10, 100))
    exe = os.path.join(work, "train")
    subprocess.run([args.kiln_compile, onnx_path, "--train",
                    "--optimizer=adamw", "--lr=0.01", "-o", exe], check=True)
    data = ["--data", os.path.join(work, "x.npy"), "--labels",
            os.path.join(work, "y.npy"), "--steps", str(STEPS)]

    whole = subprocess.run([exe] + data, stdout=subprocess.PIPE, text=True,
                           check=True).stdout
    reference = losses(whole)
    if sorted(reference) != list(range(1, STEPS + 1)):
        fail("the uninterrupted run printed steps %s" % sorted(reference))

    def resume_and_compare(case, directory, done):
        resumed = subprocess.run(
            [exe] + data + ["--resume", directory, "--checkpoint", directory],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if resumed.returncode != 0:
            fail("%s: resume exited %d: %s" % (case, resumed.returncode,
                                                resumed.stderr))
        after = losses(resumed.stdout)
        if sorted(after) != list(range(done + 1, STEPS + 1)):
            fail("%s: the resumed run printed steps %s, expected %d..%d" %
                 (case, sorted(after), done + 1, STEPS))
        different = [s for s in after if after[s] != reference[s]]
        if different:
            s = different[0]
            fail("%s: step %d loss %s after resuming, %s uninterrupted" %
                 (case, s, after[s], reference[s]))
        print("ok %s: killed after step %d, resumed, steps %d..%d equal" %
              (case, done, done + 1, STEPS))

    # SIGKILL at a random step: the checkpoint of every step survives.
    stop = random.Random(os.getpid()).randint(3, STEPS - 5)
    directory = os.path.join(work, "killed")
    status, out, err = run_until(
        [exe] + data + ["--checkpoint", directory, "--checkpoint-every", "1"],
        stop, signal.SIGKILL)
    if status != -signal.SIGKILL:
        fail("SIGKILL: exit status %s" % status)
    saved = np.load(os.path.join(directory, "checkpoint.npz"))
    done = int(saved["kiln_steps_done"][0])
    if not stop - 1 <= done <= STEPS:
        fail("SIGKILL after step %d left a checkpoint of step %d" %
             (stop, done))
    resume_and_compare("sigkill", directory, done)

    # SIGTERM: the current step finishes and the checkpoint is written.
    directory = os.path.join(work, "terminated")
    status, out, err = run_until(
        [exe] + data + ["--checkpoint", directory, "--checkpoint-every", "100"],
        5, signal.SIGTERM)
    match = re.search(r"stopped by signal 15 after step (\d+)", err)
    if status != 128 + signal.SIGTERM or not match:
        fail("SIGTERM: exit status %s, stderr %r" % (status, err))
    resume_and_compare("sigterm", directory, int(match.group(1)))

    # A corrupted checkpoint is refused, not loaded.
    path = os.path.join(directory, "checkpoint.npz")
    blob = bytearray(open(path, "rb").read())
    blob[len(blob) // 2] ^= 0x55
    open(path, "wb").write(bytes(blob))
    bad = subprocess.run([exe] + data + ["--resume", directory],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    if bad.returncode != 2 or "corrupt" not in bad.stderr or bad.stdout:
        fail("corrupt checkpoint: exit %d, stderr %r" % (bad.returncode,
                                                        bad.stderr))
    print("ok corrupt: %s" % bad.stderr.strip().split(": ", 1)[1])


if __name__ == "__main__":
    main()
