"""What calling a model from Python costs: kiln.compile's CompiledModel
against the same model compiled to an executable (its --bench), and
against torch eager, in one script.

    PYTHONPATH=build/python /usr/bin/python3 bench/python/run.py [--runs N]

Prints one row per model: the median ms of a call from Python
(`model(x)`: argument checks, conversion, output allocation, the run),
of `model.benchmark` (the run alone, inputs converted once), of the
executable's --bench, and the ratio call / executable (1.00: no
overhead). Results and the command in
docs/benchmarks.md.
"""

import argparse
import os
import re
import subprocess
import tempfile

import numpy as np
import torch
import torch.nn.functional as F
import torchvision

import kiln

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def median_ms(fn, runs):
    import time
    for _ in range(3):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return float(np.median(times))


def executable_median_ms(model_path, inputs, workdir, runs, extra=()):
    exe = os.path.join(workdir, "model")
    subprocess.run([os.path.join(ROOT, "build", "bin", "kiln-compile"),
                    model_path, "-o", exe, *extra], check=True)
    paths = []
    for i, array in enumerate(inputs):
        paths.append(os.path.join(workdir, "in%d.npy" % i))
        np.save(paths[-1], array)
    out = subprocess.run([exe, *paths, "--bench", str(runs)], check=True,
                         stdout=subprocess.PIPE).stdout.decode()
    return float(re.search(r"median_ms: ([0-9.]+)", out).group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    torch.set_num_threads(os.cpu_count())
    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        # The bundled MLP (batch 8): a call of a few microseconds.
        mlp_path = os.path.join(ROOT, "examples", "mlp.mlir")
        model = kiln.compile(open(mlp_path).read())
        r = np.random.default_rng(0)
        inputs = [r.standard_normal(t.shape).astype(np.float32) * 0.05
                  for t in model.inputs]
        t_in = [torch.from_numpy(a) for a in inputs]
        x, w1, b1, w2, b2 = t_in
        rows.append(("mlp (examples/mlp.mlir)",
                     median_ms(lambda: model(*inputs), args.runs),
                     model.benchmark(args.runs, *inputs).median_ms,
                     executable_median_ms(mlp_path, inputs, workdir,
                                          args.runs),
                     median_ms(lambda: torch.softmax(
                         F.gelu(x @ w1 + b1) @ w2 + b2, 1), args.runs)))
        # ResNet-18 at batch 1 through torch.onnx.
        net = torchvision.models.resnet18().eval()
        image = torch.randn(1, 3, 224, 224)
        model = kiln.compile(net, example_inputs=image)
        onnx_path = os.path.join(workdir, "r18.onnx")
        torch.onnx.export(net, (image,), onnx_path, input_names=["input"],
                          opset_version=17)
        runs = max(10, args.runs // 10)
        with torch.no_grad():
            eager = median_ms(lambda: net(image), runs)
        array = image.numpy()
        rows.append(("resnet18 (torchvision, 1x3x224x224)",
                     median_ms(lambda: model(array), runs),
                     model.benchmark(runs, array).median_ms,
                     executable_median_ms(onnx_path, [image.numpy()],
                                          workdir, runs), eager))
    print("| model | model(x) from Python (ms) | model.benchmark (ms) | "
          "executable --bench (ms) | call / executable | torch eager (ms) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, call_ms, bench_ms, exe_ms, torch_ms in rows:
        print("| %s | %.4f | %.4f | %.4f | %.2f | %.4f |" %
              (name, call_ms, bench_ms, exe_ms, call_ms / exe_ms, torch_ms))


if __name__ == "__main__":
    main()
