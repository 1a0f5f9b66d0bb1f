#!/usr/bin/python3
"""Writes small hand-built ONNX graphs (onnx.helper) for the importer's
FileCheck and error tests into OUTDIR."""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def save(outdir, name, nodes, inputs, outputs, initializers=(), opset=13):
    graph = helper.make_graph(nodes, name, inputs, outputs,
                              initializer=list(initializers))
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", opset)])
    onnx.save(model, f"{outdir}/{name}.onnx")


def tensor(name, shape, elem=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elem, shape)


def main(outdir):
    ints = lambda name, values: numpy_helper.from_array(
        np.array(values, np.int64), name)
    # Shape operators with constant shape inputs (opset 13).
    save(outdir, "shapes", [
        helper.make_node("Reshape", ["x", "shape"], ["r"], name="reshape"),
        helper.make_node("Unsqueeze", ["r", "axes"], ["u"], name="unsqueeze"),
        helper.make_node("Transpose", ["u"], ["t"], name="transpose"),
        helper.make_node("Squeeze", ["t", "squeeze_axes"], ["s"],
                         name="squeeze"),
        helper.make_node("Flatten", ["x"], ["f"], name="flatten", axis=2),
    ], [tensor("x", [2, 3, 4])], [tensor("s", [12, 2]), tensor("f", [6, 4])],
        [ints("shape", [0, -1]), ints("axes", [0]), ints("squeeze_axes", [2])])
    # Gemm with both transposes, alpha, beta and a C.
    save(outdir, "gemm", [
        helper.make_node("Gemm", ["a", "b", "c"], ["y"], name="gemm",
                         transA=1, transB=1, alpha=0.5, beta=2.0),
    ], [tensor("a", [3, 2]), tensor("b", [4, 3]), tensor("c", [4])],
        [tensor("y", [2, 4])])
    # Unsqueeze with its axes as an attribute (before opset 13).
    save(outdir, "unsqueeze11", [
        helper.make_node("Unsqueeze", ["x"], ["y"], name="u", axes=[1]),
    ], [tensor("x", [3])], [tensor("y", [3, 1])], opset=11)
    # Expand, ConstantOfShape and Range on constant operands.
    scalar = lambda name, value: numpy_helper.from_array(
        np.array(value, np.float32), name)
    save(outdir, "generators", [
        helper.make_node("Expand", ["x", "to"], ["y"], name="expand"),
        helper.make_node("ConstantOfShape", ["cshape"], ["c"], name="fill",
                         value=numpy_helper.from_array(np.array([7], np.int64))),
        helper.make_node("Range", ["start", "limit", "delta"], ["r"],
                         name="range"),
    ], [tensor("x", [3, 1])],
        [tensor("y", [2, 3, 4]), tensor("c", [2, 2], TensorProto.INT64),
         tensor("r", [4])],
        [ints("to", [2, 1, 4]), ints("cshape", [2, 2]), scalar("start", 1.0),
         scalar("limit", 2.0), scalar("delta", 0.25)])
    # Failures.
    save(outdir, "unsupported", [
        helper.make_node("Relu", ["x"], ["r"], name="first"),
        helper.make_node("NonMaxSuppression", ["r", "r"], ["y"],
                         name="my_nms"),
    ], [tensor("x", [2, 2])], [tensor("y", [2])])
    # Opset 6: broadcasting spelled with `broadcast` and `axis`.
    save(outdir, "legacy_broadcast", [
        helper.make_node("Add", ["x", "b"], ["y"], name="add", broadcast=1,
                         axis=1),
    ], [tensor("x", [2, 3, 4]), tensor("b", [3])], [tensor("y", [2, 3, 4])],
        opset=6)
    # Einsum forms beyond the node tests: three operands, an implicit
    # output, an ellipsis, a label summed out of one side only.
    save(outdir, "einsum_forms", [
        helper.make_node("Einsum", ["a", "b", "c"], ["y1"], name="chain",
                         equation="ij,jk,kl->il"),
        helper.make_node("Einsum", ["p", "q"], ["y2"], name="implicit",
                         equation="...ij,...jk"),
        helper.make_node("Einsum", ["a", "b"], ["y3"], name="outer_sum",
                         equation="ij,jk->k"),
        # Diagonals: a batched one kept, a trace summed (implicit output).
        helper.make_node("Einsum", ["d"], ["y4"], name="diagonal",
                         equation="bii->bi"),
        helper.make_node("Einsum", ["d", "b"], ["y5"], name="trace_times",
                         equation="bii,jk"),
    ], [tensor("a", [2, 3]), tensor("b", [3, 4]), tensor("c", [4, 5]),
        tensor("p", [2, 2, 3]), tensor("q", [2, 3, 4]), tensor("d", [2, 3, 3])],
        [tensor("y1", [2, 5]), tensor("y2", [2, 2, 4]), tensor("y3", [4]),
         tensor("y4", [2, 3]), tensor("y5", [2, 3, 4])])
    # An attribute no converter reads is rejected, not ignored.
    save(outdir, "unknown_attribute", [
        helper.make_node("LeakyRelu", ["x"], ["y"], name="leaky", alpha=0.1,
                         beta=2.0),
    ], [tensor("x", [4])], [tensor("y", [4])])
    save(outdir, "symbolic", [helper.make_node("Relu", ["x"], ["y"])],
         [tensor("x", ["batch", 4])], [tensor("y", ["batch", 4])])
    save(outdir, "old_opset", [helper.make_node("Relu", ["x"], ["y"])],
         [tensor("x", [4])], [tensor("y", [4])], opset=23)
    save(outdir, "dynamic_shape", [
        helper.make_node("Reshape", ["x", "s"], ["y"], name="reshape_by_input"),
    ], [tensor("x", [4]), tensor("s", [2], TensorProto.INT64)],
        [tensor("y", [2, 2])])
    # A shape computed from a graph input: the diagnostic names the input.
    save(outdir, "computed_shape", [
        helper.make_node("Mul", ["s", "two"], ["s2"], name="double"),
        helper.make_node("Reshape", ["x", "s2"], ["y"], name="reshape_by_s2"),
    ], [tensor("x", [4]), tensor("s", [2], TensorProto.INT64)],
        [tensor("y", [2, 2])], [ints("two", [1, 2])])
    # Data-dependent output shapes, and operators that cannot have a
    # converter.
    save(outdir, "compress_by_input", [
        helper.make_node("Compress", ["x", "keep"], ["y"], name="select",
                         axis=0),
    ], [tensor("x", [4]), tensor("keep", [4], TensorProto.BOOL)],
        [tensor("y", [2])])
    save(outdir, "random", [
        helper.make_node("RandomUniformLike", ["x"], ["y"], name="noise"),
    ], [tensor("x", [4])], [tensor("y", [4])])
    # ONNX's optimizer operators live in their own domain.
    adagrad = helper.make_node(
        "Adagrad", ["r", "t", "w", "g", "h"], ["w_new", "h_new"],
        name="step", domain="ai.onnx.preview.training", epsilon=1e-6)
    graph = helper.make_graph(
        [adagrad], "adagrad",
        [tensor("r", []), tensor("t", [], TensorProto.INT64), tensor("w", [3]),
         tensor("g", [3]), tensor("h", [3])],
        [tensor("w_new", [3]), tensor("h_new", [3])])
    onnx.save(helper.make_model(graph, opset_imports=[
        helper.make_opsetid("ai.onnx.preview.training", 1)]),
        f"{outdir}/adagrad.onnx")
    with open(f"{outdir}/garbage.onnx", "wb") as f:
        f.write(b"\xff\xff not a protobuf")
    # Resize and Upsample scales that no output shape can have
    # (test/Import/onnx-resize-limits.test).
    floats = lambda name, values: numpy_helper.from_array(
        np.array(values, np.float32), name)
    save(outdir, "resize_huge_scale", [
        helper.make_node("Resize", ["x", "", "scales"], ["y"], name="resize"),
    ], [tensor("x", [1, 1, 4, 4])], [tensor("y", [1, 1, 4, 4])],
        [floats("scales", [1, 1, 1e30, 1])])
    save(outdir, "resize_nan_scale", [
        helper.make_node("Resize", ["x", "", "scales"], ["y"], name="resize"),
    ], [tensor("x", [1, 1, 4, 4])], [tensor("y", [1, 1, 4, 4])],
        [floats("scales", [1, 1, float("nan"), 1])])
    save(outdir, "upsample_negative_scale", [
        helper.make_node("Upsample", ["x"], ["y"], name="upsample",
                         scales=[1.0, 1.0, -2.0, 1.0]),
    ], [tensor("x", [1, 1, 4, 4])], [tensor("y", [1, 1, 4, 4])], opset=7)


if __name__ == "__main__":
    main(sys.argv[1])
