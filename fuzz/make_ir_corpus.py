#!/usr/bin/env python3
"""Writes the IR fuzz target's seed corpus (fuzz/corpus/ir) from the tests.

Each kiln IR test file (test/**/*.mlir, examples/*.mlir) is split at its
`// -----` markers; comment lines go (the parser skips them, the fuzzer
would waste mutations on them), and pieces that use no kiln op or are
larger than --max-bytes are left out. Files are named by content hash, so
rerunning after tests change adds and removes only what changed.

  /usr/bin/python3 fuzz/make_ir_corpus.py [--max-bytes 6000]
"""
import argparse
import glob
import hashlib
import os


def pieces(text):
    for piece in text.split("// -----"):
        lines = [l for l in piece.split("\n") if not l.strip().startswith("//")]
        body = "\n".join(l.rstrip() for l in lines).strip() + "\n"
        if "kiln." in body:
            yield body


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-bytes", type=int, default=6000)
    args = parser.parse_args()
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    out = os.path.join(root, "fuzz", "corpus", "ir")
    os.makedirs(out, exist_ok=True)
    sources = sorted(glob.glob(os.path.join(root, "test", "**", "*.mlir"),
                               recursive=True) +
                     glob.glob(os.path.join(root, "examples", "*.mlir")))
    wanted = {}
    for source in sources:
        with open(source, errors="replace") as f:
            for body in pieces(f.read()):
                data = body.encode()
                if len(data) <= args.max_bytes:
                    wanted[hashlib.sha1(data).hexdigest()[:16] + ".mlir"] = data
    for name in os.listdir(out):
        if name not in wanted:
            os.remove(os.path.join(out, name))
    for name, data in wanted.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    print("fuzz/corpus/ir: %d inputs, %d bytes" %
          (len(wanted), sum(len(d) for d in wanted.values())))


if __name__ == "__main__":
    main()
