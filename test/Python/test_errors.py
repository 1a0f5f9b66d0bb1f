"""Bad input raises a Python exception carrying Kiln's diagnostic, and the
interpreter carries on."""

import os
import tempfile

import numpy as np
import onnx
import onnx.helper as oh
import torch

import kiln

IR = """
func.func @double(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = kiln.add %x, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
"""


def raises(kind, call, *fragments):
    try:
        call()
    except kind as error:
        message = str(error)
        for fragment in fragments:
            assert fragment in message, (fragment, message)
        return error
    raise AssertionError("expected %s" % kind.__name__)


def test_wrong_inputs_raise_and_the_model_still_runs():
    model = kiln.compile(IR)
    x = np.ones((2, 3), np.float32)
    raises(kiln.InputError, lambda: model(), "takes 1 input(s)", "given 0")
    raises(kiln.InputError, lambda: model(x, x), "given 2")
    raises(kiln.InputError, lambda: model(x.astype(np.float64)),
           "input 'input0' expects float32 [2, 3], given float64 [2, 3]")
    raises(kiln.InputError, lambda: model(np.ones((3, 2), np.float32)),
           "expects float32 [2, 3], given float32 [3, 2]")
    raises(kiln.InputError, lambda: model(nope=x), "no input named nope")
    # InputError is a ValueError, as numpy's own shape errors are.
    assert issubclass(kiln.InputError, ValueError)
    np.testing.assert_array_equal(model(x), 2 * x)
    # A non-contiguous view is copied, not misread.
    wide = np.arange(12, dtype=np.float32).reshape(2, 6)
    np.testing.assert_array_equal(model(wide[:, ::2]), 2 * wide[:, ::2])


def test_malformed_ir_names_line_and_column():
    error = raises(kiln.CompileError,
                   lambda: kiln.compile(IR.replace("kiln.add", "kiln.addd")),
                   "<string>:3:8", "kiln.addd")
    assert "error" in error.diagnostics


def test_verifier_error():
    bad = """
func.func @r(%x: tensor<2x3xf32>) -> tensor<7xf32> {
  %y = kiln.reshape %x : (tensor<2x3xf32>) -> tensor<7xf32>
  return %y : tensor<7xf32>
}
"""
    raises(kiln.CompileError, lambda: kiln.compile(bad), "<string>:3:8",
           "cannot reshape [2, 3] (6 elements) to [7]")


def test_unsupported_onnx_operator_names_the_node():
    graph = oh.make_graph(
        [oh.make_node("RandomNormalLike", ["x"], ["y"], name="noise")],
        "random",
        [oh.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [2])],
        [oh.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [2])])
    proto = oh.make_model(graph, opset_imports=[oh.make_opsetid("", 17)])
    raises(kiln.CompileError, lambda: kiln.compile(proto), "noise",
           "RandomNormalLike")


def test_missing_files():
    raises(FileNotFoundError, lambda: kiln.compile("/nonexistent/m.onnx"),
           "/nonexistent/m.onnx")
    raises(FileNotFoundError, lambda: kiln.load("/nonexistent/libm.so"))


def test_not_a_kiln_library():
    import ctypes.util
    libm = ctypes.util.find_library("m")
    path = "/lib/x86_64-linux-gnu/" + libm if libm else None
    if path and os.path.exists(path):
        raises(kiln.KilnError, lambda: kiln.load(path),
               "not a Kiln model library")


def test_options():
    raises(kiln.CompileError, lambda: kiln.compile(IR, no_such_flag=3),
           "--no-such-flag")
    raises(TypeError, lambda: kiln.compile(IR, emit="exe"), "--emit")
    raises(kiln.CompileError, lambda: kiln.compile(IR, compile_phase=1),
           "--compile-phase=1")
    raises(TypeError, lambda: kiln.compile(torch.nn.ReLU()),
           "example_inputs")
    raises(TypeError, lambda: kiln.compile(3.5), "float")


def test_no_output_left_behind():
    """A failed compile removes its temporary directory."""
    with tempfile.TemporaryDirectory() as private:
        saved, tempfile.tempdir = tempfile.tempdir, private
        try:
            raises(kiln.CompileError,
                   lambda: kiln.compile(IR.replace("%x, %x", "%x, %z")))
            assert os.listdir(private) == []
            model = kiln.compile(IR)
            assert len(os.listdir(private)) == 1
            del model
            assert os.listdir(private) == []
        finally:
            tempfile.tempdir = saved


def test_arena_that_cannot_be_allocated():
    """The session's arena failure is a MemoryError with the byte count, in
    a process whose address space is capped (a child, so that the cap does
    not reach the other tests)."""
    import subprocess
    import sys
    path = os.path.join(os.path.dirname(__file__), "..", "Tools", "Inputs",
                        "big-arena.mlir")
    code = ("import resource, kiln\n"
            "model = kiln.compile(open(%r).read())\n"
            "resource.setrlimit(resource.RLIMIT_AS, (1500 << 20, 1500 << 20))\n"
            "try:\n"
            "    kiln.load(model.path)\n"
            "except MemoryError as error:\n"
            "    print('MemoryError:', error)\n" % path)
    result = subprocess.run([sys.executable, "-c", code],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = result.stdout.decode()
    assert result.returncode == 0, output
    assert ("MemoryError: cannot allocate the 2147483648-byte scratch arena "
            "of 'big_arena'") in output, output


def test_check_finite_names_the_first_op():
    path = os.path.join(os.path.dirname(__file__), "..", "Tools", "Inputs",
                        "log-exp.mlir")
    model = kiln.compile(path, check_finite=True)
    assert [t.name for t in model.outputs] == ["result0"]
    x = np.array([1, 2, 3, 4], np.float32)
    np.testing.assert_allclose(model(x), np.exp(np.log(x) ** 2) + x,
                               rtol=1e-5)
    error = raises(kiln.NonFiniteError,
                   lambda: model(np.array([1, 0, 3, 4], np.float32)),
                   "first produced by kiln.log at", "log-exp.mlir:4:8")
    assert isinstance(error, FloatingPointError)
    raises(kiln.NonFiniteError,
           lambda: model(np.array([1, 1e20, 3, 4], np.float32)),
           "first produced by kiln.exp at", "log-exp.mlir:6:8")
