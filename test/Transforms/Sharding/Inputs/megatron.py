"""Annotates a GPT-style model (kiln-import output, or Kiln IR whose
weights are arguments, like examples/transformer_block.mlir) with the
Megatron-LM plan, optionally combined with data parallelism: the token ids
split by batch over the data axis; per layer the QKV and first MLP weights
split by columns and the attention projection and second MLP weights by
rows over the model axis; the LM head by columns (vocabulary-parallel);
the logits gathered whole.
Propagation spreads the rest. Used as the baseline kiln-shard-auto must
match or beat.

usage: megatron.py in.mlir out.mlir MESH_LINE [--data | --plain]

With --plain only the mesh is added (the input of kiln-shard-auto).
"""
import re
import sys


def annotate_weight(text, weight, layout):
    """Adds `layout` to the constant or argument `weight`."""
    op = re.compile(r"^(\s*" + re.escape(weight) + r" = kiln\.constant) \{",
                    re.M)
    attr = f"kiln.sharding = #kiln.sharding_per_value<[<@mesh, {layout}>]>"
    text, count = op.subn(r"\1 {" + attr + ", ", text, count=1)
    if count == 0:
        arg = re.compile(re.escape(weight) + r"(: tensor<[^>]*>) \{")
        attr = f"kiln.sharding = #kiln.sharding<@mesh, {layout}>"
        text, count = arg.subn(weight + r"\1 {" + attr + ", ", text, count=1)
    assert count == 1, weight
    return text


def main(src, dst, mesh, data, plain):
    text = open(src).read()
    if text.startswith("module {"):
        text = "module {\n  " + mesh + text[len("module {"):]
    else:
        text = mesh + "\n" + text
    if plain:
        open(dst, "w").write(text)
        return
    # The 2-D weights the dots read, in program order: per layer QKV,
    # projection, first and second MLP weights, then the LM head if any.
    weights = re.findall(r"= kiln\.dot %[\w#]+, (%\w+),", text)
    columns = [True, False, True, False]
    for index, weight in enumerate(weights):
        text = annotate_weight(
            text, weight,
            '[{}, {"model"}]' if columns[index % 4] else '[{"model"}, {}]')
    # The caller gets the whole result, as kiln-shard-auto assumes (open
    # dims: the explain report prices the gather at the return).
    text, count = re.subn(
        r"(-> \(tensor<\d+x\d+x\d+xf32> \{)",
        r"\1kiln.sharding = #kiln.sharding<@mesh, [{?}, {?}, {?}]>, ",
        text, count=1)
    assert count == 1
    if data:
        match = re.search(r"\(\s*(%\w+): tensor<([\dx]+)x[if]\d+> \{", text)
        rank = match.group(2).count("x") + 1
        layout = "[" + ", ".join(['{"data"}'] + ["{}"] * (rank - 1)) + "]"
        text = text.replace(
            match.group(0),
            match.group(0) + f"kiln.sharding = #kiln.sharding<@mesh, {layout}>, ",
            1)
    open(dst, "w").write(text)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], "--data" in sys.argv[4:],
         "--plain" in sys.argv[4:])
