"""A model partitioned over a mesh, called from a Python script that
mpirun starts on every process (docs/python.md)."""

import os
import shutil
import subprocess
import sys
import tempfile

SCRIPT = r'''
import numpy as np, onnx, onnx.helper as oh, onnx.numpy_helper, kiln, os, sys
r = np.random.default_rng(0)
w1 = r.standard_normal((16, 32)).astype(np.float32)
w2 = r.standard_normal((32, 8)).astype(np.float32)
graph = oh.make_graph(
    [oh.make_node("MatMul", ["x", "w1"], ["h"], name="fc1"),
     oh.make_node("Relu", ["h"], ["a"], name="relu"),
     oh.make_node("MatMul", ["a", "w2"], ["y"], name="fc2")], "mlp",
    [oh.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [8, 16])],
    [oh.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [8, 8])],
    [onnx.numpy_helper.from_array(w1, "w1"),
     onnx.numpy_helper.from_array(w2, "w2")])
proto = oh.make_model(graph, opset_imports=[oh.make_opsetid("", 17)])
model = kiln.compile(proto, mesh="data=2", shard="batch")
x = r.standard_normal((8, 16)).astype(np.float32)
y = model(x)
expected = np.maximum(x.astype(np.float64) @ w1, 0) @ w2
error = np.abs(y - expected).max() / np.abs(expected).max()
# One file per rank: mpirun interleaves the ranks' stdout.
rank = os.environ["OMPI_COMM_WORLD_RANK"]
with open(os.path.join(sys.argv[1], "rank%s.txt" % rank), "w") as f:
    f.write("ok" if error < 1e-5 else "FAIL %g" % error)
'''


def test_sharded_model_on_two_processes():
    mpirun = shutil.which("mpirun")
    if not mpirun:
        print("skipped: no mpirun (install openmpi-bin)")
        return
    with tempfile.TemporaryDirectory() as d:
        script = os.path.join(d, "script.py")
        with open(script, "w") as f:
            f.write(SCRIPT)
        env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1",
                   OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
        result = subprocess.run(
            [mpirun, "-np", "2", "--oversubscribe", sys.executable, script,
             d],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            timeout=300)
        output = result.stdout.decode("utf-8", "replace")
        assert result.returncode == 0, output
        for rank in (0, 1):
            with open(os.path.join(d, "rank%d.txt" % rank)) as f:
                assert f.read() == "ok", (rank, output)
