"""The loop both mutation harnesses run (onnx_mutate.py, ir_mutate.py).

A campaign writes each mutant to a file, runs the tool on it and sorts the
outcome: accepted (status 0), rejected (status 1 with `error` on stderr and
no output file left), or a finding (anything else: a signal, another
status, a hang past the time limit, an output after a rejection). Findings
are kept in `keep_failures` when given.
"""

import argparse
import os
import random
import subprocess


def arguments(description, tool_flag, default_timeout):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(tool_flag, required=True, dest="tool")
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--work", default="/tmp")
    parser.add_argument("--keep-failures", default=None)
    parser.add_argument("--timeout", type=float, default=default_timeout)
    args = parser.parse_args()
    if args.seed is None:
        args.seed = random.randrange(1 << 30)
    return args


def run(args, name, suffix, next_mutant, command, accepted_word):
    """Runs `args.count` mutants. `next_mutant(r)` returns (what, source,
    bytes); `command(path, out)` the tool's argument vector. Prints the
    summary and every finding; returns the exit status (1 on findings)."""
    r = random.Random(args.seed)
    os.makedirs(args.work, exist_ok=True)
    path = os.path.join(args.work, "mutant-%d%s" % (os.getpid(), suffix))
    out = os.path.join(args.work, "mutant-%d.out" % os.getpid())
    accepted = rejected = 0
    findings = []
    for _ in range(args.count):
        what, source, blob = next_mutant(r)
        with open(path, "wb") as f:
            f.write(blob)
        if os.path.exists(out):
            os.remove(out)
        try:
            result = subprocess.run(command(path, out),
                                    stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE,
                                    timeout=args.timeout)
            status = result.returncode
            err = result.stderr.decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            status, err = "timeout", ""
        problem = None
        if status == 0:
            accepted += 1
        elif status == 1 and "error" in err:
            rejected += 1
            if os.path.exists(out):
                problem = "an output file after a rejection"
        else:
            problem = "status %s" % status
        if not problem:
            continue
        findings.append("%s (%s of %s): %s" % (problem, what, source,
                                               err.strip()[-300:]))
        if args.keep_failures:
            os.makedirs(args.keep_failures, exist_ok=True)
            with open(os.path.join(args.keep_failures, "finding-%d%s" %
                                   (len(findings), suffix)), "wb") as f:
                f.write(blob)
    for leftover in (path, out):
        if os.path.exists(leftover):
            os.remove(leftover)
    print("%s mutations: %d runs (seed %d): %d %s, %d rejected with a "
          "diagnostic, %d findings" % (name, args.count, args.seed, accepted,
                                       accepted_word, rejected,
                                       len(findings)))
    for finding in findings:
        print("FINDING:", finding)
    return 1 if findings else 0
