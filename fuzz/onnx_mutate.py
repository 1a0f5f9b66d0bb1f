"""Structure-aware fuzzing of the ONNX importer.

    onnx_mutate.py --kiln-import BIN [--count N] [--seed S] [--work DIR]
                   [--keep-failures DIR]

Takes the models of ONNX's backend tests (Debian's libonnx-testdata) and
the exported models under test/, applies one random mutation to each pick,
and runs kiln-import on it. Mutations: protobuf bytes flipped or cut;
inputs dropped or added (wrong input counts); attributes of the wrong type
or absurd value; graph inputs with inconsistent or huge (2^40) dimensions;
a cycle (a node reading a later node's output); an initializer removed.
kiln-import must exit 0 or 1, within its time limit, saying `error:` when
it rejects, and leave no output file when it fails. Anything else (a
signal, another status, a hang) is a finding: the model is kept in
--keep-failures and the run fails. Prints one summary line.
"""

import glob
import os
import sys

import onnx
from onnx import helper

import mutation_campaign

DATA = "/usr/share/libonnx-testdata/data"


def mutate(model, r):
    """One random mutation of `model` (a ModelProto), in place; returns
    its name, or serialized bytes for the protobuf-level ones."""
    graph = model.graph
    choice = r.randrange(9)
    nodes = list(graph.node)
    if choice == 0:
        blob = bytearray(model.SerializeToString())
        for _ in range(r.randint(1, 8)):
            blob[r.randrange(len(blob))] = r.randrange(256)
        return "bytes flipped", bytes(blob)
    if choice == 1:
        blob = model.SerializeToString()
        return "bytes cut", blob[:r.randrange(max(1, len(blob)))]
    if choice == 2 and nodes:
        node = r.choice(nodes)
        if node.input and r.random() < 0.5:
            del node.input[r.randrange(len(node.input))]
            return "input dropped", None
        node.input.append(r.choice([i.name for i in graph.input] or ["x"]))
        return "input added", None
    if choice == 3 and nodes:
        node = r.choice(nodes)
        if node.attribute:
            attribute = r.choice(node.attribute)
            kind = r.randrange(4)
            name = attribute.name
            node.attribute.remove(attribute)
            value = [r.choice([-(1 << 62), -1, 0, 1 << 40]), "garbage",
                     [r.randint(-5, 5) for _ in range(r.randint(0, 9))],
                     float("nan")][kind]
            node.attribute.append(helper.make_attribute(name, value))
            return "attribute %s bad" % name, None
        node.attribute.append(helper.make_attribute(
            r.choice(["axis", "perm", "kernel_shape", "mode"]),
            r.choice([7, [0, 0, 0], "x"])))
        return "attribute added", None
    if choice in (4, 5) and graph.input:
        value = r.choice(graph.input)
        dims = value.type.tensor_type.shape.dim
        if dims:
            dim = r.choice(dims)
            dim.ClearField("dim_param")
            dim.dim_value = (1 << 40) if choice == 4 else r.randint(0, 7)
            return "dimension %s" % ("huge" if choice == 4 else
                                     "inconsistent"), None
    if choice == 6 and len(nodes) >= 2:
        first, later = r.sample(range(len(nodes)), 2)
        first, later = min(first, later), max(first, later)
        if nodes[first].input and nodes[later].output:
            nodes[first].input[0] = nodes[later].output[0]
            return "cycle", None
    if choice == 7 and graph.initializer:
        graph.initializer.remove(r.choice(graph.initializer))
        return "initializer removed", None
    if choice == 8 and nodes:
        node = r.choice(nodes)
        node.op_type = r.choice(["Conv", "Gemm", "Reshape", "Slice",
                                 "Concat", "NoSuchOp", "LSTM", "Einsum"])
        return "operator changed", None
    blob = bytearray(model.SerializeToString())
    if blob:
        blob[r.randrange(len(blob))] ^= 0xFF
    return "byte flipped", bytes(blob)


def seeds(root):
    found = sorted(glob.glob(os.path.join(DATA, "*", "*", "model.onnx")))
    found += sorted(glob.glob(os.path.join(root, "fuzz", "corpus", "onnx",
                                           "*.onnx")))
    return found


def main():
    args = mutation_campaign.arguments(__doc__, "--kiln-import", 30)
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    models = seeds(root)
    if not models:
        sys.exit("no seed models (install libonnx-testdata)")

    def next_mutant(r):
        source = r.choice(models)
        model = onnx.load(source)
        what, blob = mutate(model, r)
        return (what, os.path.relpath(source, DATA),
                blob if blob is not None else model.SerializeToString())

    return mutation_campaign.run(
        args, "onnx", ".onnx", next_mutant,
        lambda path, out: [args.tool, path, "-o", out], "imported")


if __name__ == "__main__":
    sys.exit(main())
