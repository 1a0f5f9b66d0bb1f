"""kiln.compile from each kind of model, called on numpy arrays and torch
tensors, against numpy and torch references."""

import os
import tempfile

import numpy as np
import onnx
import onnx.helper as oh
import onnx.numpy_helper
import torch
import torch.nn.functional as F

import kiln

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")

ADD_IR = """
func.func @scaled_add(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> tensor<2x3xf32> {
  %s = kiln.add %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %t = kiln.mul %s, %s : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %t : tensor<2x3xf32>
}
"""


def rng():
    return np.random.default_rng(0)


def linear_relu_onnx():
    """A hand-built ONNX graph: relu(x @ w + b) with w, b initializers,
    and a second output x + 1."""
    r = rng()
    w = r.standard_normal((4, 5)).astype(np.float32)
    b = r.standard_normal(5).astype(np.float32)
    graph = oh.make_graph(
        [oh.make_node("MatMul", ["x", "w"], ["xw"], name="matmul"),
         oh.make_node("Add", ["xw", "b"], ["pre"], name="bias"),
         oh.make_node("Relu", ["pre"], ["y"], name="relu"),
         oh.make_node("Add", ["x", "one"], ["z"], name="plus_one")],
        "linear_relu",
        [oh.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [3, 4])],
        [oh.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [3, 5]),
         oh.make_tensor_value_info("z", onnx.TensorProto.FLOAT, [3, 4])],
        [onnx.numpy_helper.from_array(w, "w"),
         onnx.numpy_helper.from_array(b, "b"),
         onnx.numpy_helper.from_array(np.ones(1, np.float32), "one")])
    model = oh.make_model(graph, opset_imports=[oh.make_opsetid("", 17)])
    return model, w, b


def test_ir_text():
    model = kiln.compile(ADD_IR)
    x = rng().standard_normal((2, 3)).astype(np.float32)
    y = rng().standard_normal(3).astype(np.float32)
    np.testing.assert_allclose(model(x, y), (x + y) ** 2, rtol=1e-6)
    assert model.name == "scaled_add"
    assert [t.shape for t in model.inputs] == [(2, 3), (3,)]
    assert model.outputs[0].dtype == np.float32


def test_mlir_file():
    """examples/mlp.mlir against its PyTorch form."""
    model = kiln.compile(os.path.join(ROOT, "examples", "mlp.mlir"))
    r = rng()
    args = [r.standard_normal(t.shape).astype(np.float32) * 0.1
            for t in model.inputs]
    x, w1, b1, w2, b2 = (torch.from_numpy(a).double() for a in args)
    expected = torch.softmax(F.gelu(x @ w1 + b1) @ w2 + b2, 1).numpy()
    np.testing.assert_allclose(model(*args), expected, atol=1e-5)


def test_onnx_path_proto_and_bytes():
    proto, w, b = linear_relu_onnx()
    x = rng().standard_normal((3, 4)).astype(np.float32)
    expected = (np.maximum(x @ w + b, 0), x + 1)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "m.onnx")
        onnx.save(proto, path)
        for source in (path, proto, proto.SerializeToString()):
            model = kiln.compile(source)
            y, z = model(x)
            np.testing.assert_allclose(y, expected[0], rtol=1e-5, atol=1e-6)
            np.testing.assert_allclose(z, expected[1], rtol=1e-6)
            assert [t.name for t in model.inputs] == ["x"]
            assert [t.name for t in model.outputs] == ["y", "z"]
            assert [t.shape for t in model.outputs] == [(3, 5), (3, 4)]


class SmallCnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.bn = torch.nn.BatchNorm2d(8)
        self.fc = torch.nn.Linear(8 * 4 * 4, 10)

    def forward(self, x):
        h = F.max_pool2d(F.relu(self.bn(self.conv(x))), 2)
        return self.fc(h.flatten(1))


def test_torch_module_and_tensors():
    torch.manual_seed(0)
    net = SmallCnn()
    with torch.no_grad():  # BatchNorm statistics that are not the identity
        net.bn.running_mean.uniform_(-0.5, 0.5)
        net.bn.running_var.uniform_(0.5, 2.0)
    x = torch.randn(2, 3, 8, 8)
    model = kiln.compile(net, example_inputs=x)
    expected = net.eval()(x).detach().numpy()
    np.testing.assert_allclose(model(x), expected, rtol=1e-4, atol=1e-5)
    # numpy arrays and torch tensors are both accepted, by name too.
    np.testing.assert_allclose(model(input=x.numpy()), expected, rtol=1e-4,
                               atol=1e-5)
    assert model.inputs[0].shape == (2, 3, 8, 8)


def test_torchvision_in_three_lines():
    """The README's promise: a torchvision model compiled and called."""
    import torchvision
    torch.manual_seed(0)
    net = torchvision.models.squeezenet1_1()
    x = torch.randn(1, 3, 64, 64)
    model = kiln.compile(net, example_inputs=x)
    expected = net.eval()(x).detach().numpy()
    np.testing.assert_allclose(model(x), expected, rtol=1e-3, atol=1e-4)


def test_integer_and_bool_dtypes():
    graph = oh.make_graph(
        [oh.make_node("Gather", ["table", "ids"], ["rows"], name="embed"),
         oh.make_node("Greater", ["rows", "zero"], ["positive"], name="gt")],
        "embed",
        [oh.make_tensor_value_info("ids", onnx.TensorProto.INT64, [2, 3])],
        [oh.make_tensor_value_info("rows", onnx.TensorProto.FLOAT, [2, 3, 4]),
         oh.make_tensor_value_info("positive", onnx.TensorProto.BOOL,
                                   [2, 3, 4])],
        [onnx.numpy_helper.from_array(
            np.arange(-10, 10, dtype=np.float32).reshape(5, 4), "table"),
         onnx.numpy_helper.from_array(np.zeros(1, np.float32), "zero")])
    model = kiln.compile(oh.make_model(
        graph, opset_imports=[oh.make_opsetid("", 17)]))
    assert model.inputs[0].dtype == np.int64
    assert model.outputs[1].dtype == np.bool_
    ids = np.array([[0, 4, 2], [1, 1, 3]], np.int64)
    table = np.arange(-10, 10, dtype=np.float32).reshape(5, 4)
    rows, positive = model(ids)
    np.testing.assert_array_equal(rows, table[ids])
    np.testing.assert_array_equal(positive, table[ids] > 0)
    # A nested list takes the input's dtype when that is exact.
    np.testing.assert_array_equal(model(ids.tolist())[0], table[ids])


def test_input_shape_option():
    """A dynamic ONNX dimension fixed with input_shape=, like
    kiln-compile --input-shape."""
    graph = oh.make_graph(
        [oh.make_node("Sigmoid", ["x"], ["y"], name="sigmoid")], "dynamic",
        [oh.make_tensor_value_info("x", onnx.TensorProto.FLOAT, ["n", 3])],
        [oh.make_tensor_value_info("y", onnx.TensorProto.FLOAT, ["n", 3])])
    proto = oh.make_model(graph, opset_imports=[oh.make_opsetid("", 17)])
    model = kiln.compile(proto, input_shape={"x": (5, 3)})
    x = rng().standard_normal((5, 3)).astype(np.float32)
    np.testing.assert_allclose(model(x), 1 / (1 + np.exp(-x)), rtol=1e-5)


def test_threads_give_the_same_result():
    torch.manual_seed(1)
    net = torch.nn.Sequential(torch.nn.Linear(64, 256), torch.nn.GELU(),
                              torch.nn.Linear(256, 32))
    x = torch.randn(16, 64)
    one = kiln.compile(net, example_inputs=x, threads=1)
    two = kiln.compile(net, example_inputs=x, threads=2)
    assert one.num_threads == 1 and two.num_threads == 2
    expected = net(x).detach().numpy()
    np.testing.assert_allclose(one(x), expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_array_equal(one(x), two(x))


def test_save_load_round_trip():
    proto, w, b = linear_relu_onnx()
    x = rng().standard_normal((3, 4)).astype(np.float32)
    for weights in (False, True):
        model = kiln.compile(proto, weights=weights)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "libsaved.so")
            model.save(path)
            assert os.path.exists(path + ".weights") == weights
            del model
            loaded = kiln.load(path)
            y, z = loaded(x)
            np.testing.assert_allclose(y, np.maximum(x @ w + b, 0),
                                       rtol=1e-5, atol=1e-6)
            assert [t.name for t in loaded.outputs] == ["y", "z"]


def test_benchmark():
    model = kiln.compile(ADD_IR)
    result = model.benchmark(5)
    assert result.runs == 5
    assert 0 < result.min_ms <= result.median_ms
    assert result.peak_bytes >= 0
