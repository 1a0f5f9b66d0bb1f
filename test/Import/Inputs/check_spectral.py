#!/usr/bin/python3
"""DFT and STFT against torch.fft / torch.stft: real and complex signals,
forward and inverse, one-sided spectra, a dft_length that pads and one that
cuts, framing with and without a window; compiled with kiln-compile.

  check_spectral.py KILN_COMPILE WORKDIR
"""
import subprocess
import sys

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper


def run(compiler, work, name, node, inputs, initializers, output_shape):
    """Compiles a one-node model and runs it on `inputs` (name: array)."""
    graph = helper.make_graph(
        [node], name,
        [helper.make_tensor_value_info(k, TensorProto.FLOAT, v.shape)
         for k, v in inputs.items()],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, output_shape)],
        initializer=[numpy_helper.from_array(v, k)
                     for k, v in initializers.items()])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    path = f"{work}/{name}"
    onnx.save(model, path + ".onnx")
    subprocess.run([compiler, path + ".onnx", "-o", path], check=True)
    files = []
    for k, v in inputs.items():
        files.append(f"{path}_{k}.npy")
        np.save(files[-1], v)
    subprocess.run([path, *files, "--outdir", path + "_out"], check=True)
    return np.load(path + "_out/y.npy").astype(np.float64)


def as_pairs(z):
    return np.stack([z.real, z.imag], -1)


def main(compiler, work):
    rng = np.random.default_rng(0)
    checks = []
    real = rng.standard_normal((3, 12, 5, 1)).astype(np.float32)
    cplx = rng.standard_normal((3, 12, 5, 2)).astype(np.float32)
    z = torch.from_numpy(cplx.astype(np.float64))
    z = torch.complex(z[..., 0], z[..., 1])
    r = torch.from_numpy(real[..., 0].astype(np.float64))
    checks.append(("dft_real_onesided", helper.make_node(
        "DFT", ["x"], ["y"], axis=1, onesided=1), {"x": real}, {},
        (3, 7, 5, 2), as_pairs(torch.fft.rfft(r, dim=1).numpy())))
    checks.append(("dft_complex_inverse", helper.make_node(
        "DFT", ["x"], ["y"], axis=1, inverse=1), {"x": cplx}, {},
        (3, 12, 5, 2), as_pairs(torch.fft.ifft(z, dim=1).numpy())))
    checks.append(("dft_pad_length", helper.make_node(
        "DFT", ["x", "n"], ["y"], axis=2), {"x": cplx},
        {"n": np.array(8, np.int64)}, (3, 12, 8, 2),
        as_pairs(torch.fft.fft(z, n=8, dim=2).numpy())))
    checks.append(("dft_cut_length", helper.make_node(
        "DFT", ["x", "n"], ["y"], axis=1), {"x": real},
        {"n": np.array(9, np.int64)}, (3, 9, 5, 2),
        as_pairs(torch.fft.fft(r, n=9, dim=1).numpy())))
    signal = rng.standard_normal((2, 100, 1)).astype(np.float32)
    s = torch.from_numpy(signal[..., 0].astype(np.float64))
    window = np.hanning(20).astype(np.float32)
    spectrum = torch.stft(s, 20, hop_length=7, win_length=20,
                          window=torch.from_numpy(window.astype(np.float64)),
                          center=False, onesided=True, return_complex=True)
    checks.append(("stft_window", helper.make_node(
        "STFT", ["x", "step", "w"], ["y"]), {"x": signal},
        {"step": np.array(7, np.int64), "w": window}, (2, 12, 11, 2),
        as_pairs(spectrum.transpose(1, 2).numpy())))
    spectrum = torch.stft(s, 16, hop_length=5, center=False, onesided=False,
                          return_complex=True)
    checks.append(("stft_two_sided", helper.make_node(
        "STFT", ["x", "step", "", "len"], ["y"], onesided=0), {"x": signal},
        {"step": np.array(5, np.int64), "len": np.array(16, np.int64)},
        (2, 17, 16, 2), as_pairs(spectrum.transpose(1, 2).numpy())))
    failures = 0
    for name, node, inputs, initializers, shape, expected in checks:
        got = run(compiler, work, name, node, inputs, initializers, shape)
        error = np.abs(got - expected).max() / np.abs(expected).max()
        verdict = "ok" if got.shape == expected.shape and error <= 1e-5 \
            else "FAIL"
        failures += verdict != "ok"
        print(f"{verdict} {name}: shape {got.shape}, normalized max error "
              f"{error:.3g}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
