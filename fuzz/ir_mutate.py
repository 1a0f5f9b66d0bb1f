"""Mutation fuzzing of Kiln IR through kiln-opt.

    ir_mutate.py --kiln-opt BIN [--count N] [--seed S] [--work DIR]
                 [--keep-failures DIR]

Takes the .mlir files under test/ and examples/, applies one random textual
mutation to each pick (a line dropped or duplicated, a number replaced by
0, -1, 1 or a huge one, a type or an op name swapped for another, the text
cut short, bytes inserted) and runs kiln-opt on it: the graph pipeline
(--kiln-graph-optimize), or the whole CPU lowering (--kiln-cpu) one run in
three. kiln-opt must exit 0 or 1 within its time limit, saying `error:`
when it rejects. Anything else (a signal, another status, a hang) is a
finding: the input is kept in --keep-failures and the run fails.
"""

import glob
import os
import re
import sys

import mutation_campaign

NUMBER = re.compile(r"(?<![A-Za-z_%#@])\d+")
TYPES = ["f32", "f16", "bf16", "f64", "i1", "i8", "i32", "i64", "ui8"]
OPS = ["kiln.add", "kiln.mul", "kiln.dot", "kiln.reshape", "kiln.transpose",
       "kiln.softmax", "kiln.conv2d", "kiln.reduce_sum", "kiln.concat",
       "kiln.slice", "kiln.gather", "kiln.attention", "kiln.broadcast"]


def mutate(text, r):
    lines = text.split("\n")
    choice = r.randrange(7)
    if choice == 0 and len(lines) > 1:
        del lines[r.randrange(len(lines))]
        return "line dropped", "\n".join(lines)
    if choice == 1:
        i = r.randrange(len(lines))
        lines.insert(i, lines[i])
        return "line duplicated", "\n".join(lines)
    if choice == 2:
        numbers = list(NUMBER.finditer(text))
        if numbers:
            m = r.choice(numbers)
            value = r.choice(["0", "-1", "1", "3", "4294967296",
                              "9223372036854775807", "65536"])
            return "number %s" % value, text[:m.start()] + value + \
                text[m.end():]
    if choice == 3:
        found = [m for t in TYPES for m in re.finditer(r"\b%s\b" % t, text)]
        if found:
            m = r.choice(found)
            return "type swapped", text[:m.start()] + r.choice(TYPES) + \
                text[m.end():]
    if choice == 4:
        found = [m for o in OPS for m in re.finditer(re.escape(o) + r"\b",
                                                     text)]
        if found:
            m = r.choice(found)
            return "op swapped", text[:m.start()] + r.choice(OPS) + \
                text[m.end():]
    if choice == 5:
        return "cut", text[:r.randrange(max(1, len(text)))]
    i = r.randrange(max(1, len(text)))
    junk = r.choice(["}", "{", ")", "(", "<", ">", ",", "%", ":", "x",
                     "\x00", "\"", "[]", "0x"])
    return "bytes inserted", text[:i] + junk + text[i:]


def main():
    args = mutation_campaign.arguments(__doc__, "--kiln-opt", 60)
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    files = sorted(glob.glob(os.path.join(root, "test", "**", "*.mlir"),
                             recursive=True) +
                   glob.glob(os.path.join(root, "examples", "*.mlir")))
    # Files too large to mutate quickly (generated inputs) are left out.
    files = [f for f in files if os.path.getsize(f) < 200000]
    pipelines = []

    def next_mutant(r):
        source = r.choice(files)
        with open(source, errors="replace") as f:
            what, text = mutate(f.read(), r)
        pipelines.append("--kiln-cpu" if r.randrange(3) == 0 else
                         "--kiln-graph-optimize")
        return ("%s, %s" % (what, pipelines[-1]), os.path.relpath(source, root),
                text.encode("utf-8", "surrogateescape"))

    return mutation_campaign.run(
        args, "ir", ".mlir", next_mutant,
        lambda path, out: [args.tool, path, pipelines[-1], "-o", out],
        "accepted")


if __name__ == "__main__":
    sys.exit(main())
