#!/usr/bin/python3
"""kiln.attention alone: Kiln's tiled lowering against its decomposed one,
ONNX Runtime and PyTorch, in one script.

  bench/attention/run.py [--seqs 512 1024 2048 4096] [--threads 1 2]
                         [--long-seqs 8192 16384] [--iterations 5]

Batch 1, 8 heads, head dim 64, f32, causal and not. For each sequence
length:
  * Kiln: the op in Kiln IR, compiled by kiln-compile with
    --attention=tiled and --attention=decomposed, run with --bench
    (median ms, and the planned arena: peak_bytes);
  * ONNX Runtime (npm onnxruntime-node, CPU, bench/onnx/ort_bench.js):
    the same attention exported from torch (q @ k^T * scale, masked_fill
    with a constant causal mask, softmax, @ v) and com.microsoft's
    MultiHeadAttention contrib op on [1, S, 512] inputs (non-causal: it has
    no causal form; GroupQueryAttention, which has one, needs a KV-cache
    set-up this script does not build);
  * PyTorch eager, the same module (Debian's torch 1.13 multiplies on the
    reference BLAS: a floor, not a peer).
Every output is checked against a float64 torch reference before its time
counts. GFLOP/s counts 4 b h s^2 d (half for causal) and is given as a
share of the f32 FMA peak of the threads' cores (one core's, measured
here by fma_peak.c, times the thread count). The long
sequences run Kiln's tiled lowering only (the decomposed one would plan
2 x 8 x S^2 x 4 bytes: 16 GiB at 16k). Peak RSS is each process's
maximum resident set (GNU time), inputs included.
Prints Markdown tables; ratios above 1.0 mean Kiln is faster.
"""
import argparse
import math
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ORT_DIR = os.path.join(ROOT, "bench", "onnx")
sys.path.insert(0, os.path.dirname(HERE))
from kiln_bench import median_ms  # noqa: E402

HEADS, HEAD_DIM = 8, 64


def kiln_ir(seq, causal):
    t = f"tensor<1x{HEADS}x{seq}x{HEAD_DIM}xf32>"
    flag = " causal" if causal else ""
    return (f"func.func @attention(%q: {t}, %k: {t}, %v: {t}) -> {t} {{\n"
            f"  %0 = kiln.attention %q, %k, %v{flag} : ({t}, {t}, {t}) -> {t}\n"
            f"  return %0 : {t}\n}}\n")


class Attention(torch.nn.Module):
    """Attention as exporters write it."""

    def __init__(self, seq, causal):
        super().__init__()
        self.causal = causal
        self.register_buffer(
            "hidden", ~torch.ones(seq, seq, dtype=torch.bool).tril())

    def forward(self, q, k, v):
        scores = q @ k.transpose(-1, -2) * (1.0 / math.sqrt(q.shape[-1]))
        if self.causal:
            scores = scores.masked_fill(self.hidden, float("-inf"))
        return torch.softmax(scores, -1) @ v


def reference(q, k, v, causal):
    """float64, one head at a time (a 16k x 16k f64 matrix is 2 GiB)."""
    out = np.empty(q.shape, np.float64)
    seq = q.shape[2]
    hidden = ~torch.ones(seq, seq, dtype=torch.bool).tril()
    for h in range(q.shape[1]):
        qh, kh, vh = (torch.from_numpy(t[0, h]).double() for t in (q, k, v))
        scores = qh @ kh.T / math.sqrt(q.shape[-1])
        if causal:
            scores = scores.masked_fill(hidden, float("-inf"))
        out[0, h] = (torch.softmax(scores, -1) @ vh).numpy()
    return out


def check(what, got, expected):
    error = np.abs(got - expected).max() / np.abs(expected).max()
    if error > 1e-4:
        sys.exit(f"{what} disagrees with the float64 reference ({error:.3g})")


def timed_run(command):
    """Runs under GNU time; returns (stdout, peak RSS in MiB)."""
    run = subprocess.run(["/usr/bin/time", "-f", "maxrss_kb: %M", *command],
                         check=True, capture_output=True, text=True)
    rss = int(run.stderr.rsplit("maxrss_kb: ", 1)[1].split()[0])
    return run.stdout, rss / 1024


def run_kiln(exe, inputs, outdir, threads, iterations):
    out, rss = timed_run([exe, *inputs, "--outdir", outdir, "--threads",
                          str(threads), "--bench", str(iterations)])
    fields = dict(line.split(": ") for line in out.strip().splitlines())
    return float(fields["median_ms"]), int(fields["peak_bytes"]), rss


def run_ort(model, threads, iterations, out, inputs):
    stdout, rss = timed_run(["node", os.path.join(ORT_DIR, "ort_bench.js"),
                             model, str(threads), str(iterations), out,
                             *inputs])
    return float(stdout.split("median_ms: ")[1]), rss


def mha_model(path, seq):
    """com.microsoft MultiHeadAttention on [1, S, heads * head_dim]."""
    import onnx
    from onnx import TensorProto, helper
    width = HEADS * HEAD_DIM
    node = helper.make_node("MultiHeadAttention", ["q", "k", "v"], ["y"],
                            domain="com.microsoft", num_heads=HEADS)
    io = [helper.make_tensor_value_info(n, TensorProto.FLOAT, [1, seq, width])
          for n in ("q", "k", "v", "y")]
    graph = helper.make_graph([node], "mha", io[:3], io[3:])
    model = helper.make_model(graph, opset_imports=[
        helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)])
    onnx.save(model, path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seqs", type=int, nargs="+",
                        default=[512, 1024, 2048, 4096])
    parser.add_argument("--long-seqs", type=int, nargs="*",
                        default=[8192, 16384])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    args = parser.parse_args()
    if not os.path.isdir(os.path.join(ORT_DIR, "node_modules",
                                      "onnxruntime-node")):
        subprocess.run(["npm", "install", "--ignore-scripts", "--no-audit",
                        "--no-fund"], cwd=ORT_DIR, check=True,
                       stdout=subprocess.DEVNULL)
    compiler = os.path.join(args.build, "bin", "kiln-compile")
    with tempfile.TemporaryDirectory() as tmp:
        peak_exe = os.path.join(tmp, "fma_peak")
        subprocess.run(["clang-22", "-O2", "-march=native",
                        os.path.join(HERE, "fma_peak.c"), "-o", peak_exe],
                       check=True)
        peak = float(subprocess.run([peak_exe], check=True, text=True,
                                    capture_output=True)
                     .stdout.split("gflops: ")[1].split()[0])
        cpu = next(line.split(": ", 1)[1] for line in
                   open("/proc/cpuinfo") if line.startswith("model name"))
        print(f"{cpu.strip()}; one core's f32 FMA peak {peak:.1f} GFLOP/s; "
              f"torch {torch.__version__}, onnxruntime-node 1.30.0\n")
        print("| seq | causal | threads | Kiln tiled ms | GFLOP/s | of peak "
              "| Kiln decomposed ms | ORT subgraph ms | ORT MHA ms | torch ms "
              "| best ORT / Kiln | decomposed / tiled | arena MiB tiled / "
              "decomposed | peak RSS MiB Kiln / ORT |")
        print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
              "| ---: | ---: | ---: | ---: | ---: |")
        rng = np.random.default_rng(0)
        long_rows = []
        for seq in args.seqs + args.long_seqs:
            long = seq in args.long_seqs and seq not in args.seqs
            shape = (1, HEADS, seq, HEAD_DIM)
            q, k, v = (rng.standard_normal(shape).astype(np.float32)
                       for _ in range(3))
            paths = []
            for name, t in (("q", q), ("k", k), ("v", v)):
                paths.append(os.path.join(tmp, f"{name}.npy"))
                np.save(paths[-1], t)
            mha_paths = []
            for name, t in (("q", q), ("k", k), ("v", v)):
                mha_paths.append(os.path.join(tmp, f"{name}_mha.npy"))
                np.save(mha_paths[-1], np.ascontiguousarray(
                    t.transpose(0, 2, 1, 3).reshape(1, seq, -1)))
            for causal in (False, True):
                expected = reference(q, k, v, causal)
                flops = 4.0 * HEADS * seq * seq * HEAD_DIM / (2 if causal
                                                              else 1)
                ir = os.path.join(tmp, "attention.mlir")
                with open(ir, "w") as f:
                    f.write(kiln_ir(seq, causal))
                exes = {}
                for lowering in ("tiled",) if long else ("tiled",
                                                         "decomposed"):
                    exes[lowering] = os.path.join(tmp, lowering)
                    subprocess.run([compiler, ir, "-o", exes[lowering],
                                    f"--attention={lowering}"], check=True)
                onnx_path = os.path.join(tmp, "attention.onnx")
                mha_path = os.path.join(tmp, "mha.onnx")
                if not long:
                    torch.onnx.export(Attention(seq, causal),
                                      tuple(torch.from_numpy(t)
                                            for t in (q, k, v)),
                                      onnx_path, opset_version=14,
                                      input_names=["q", "k", "v"],
                                      output_names=["y"])
                    mha_model(mha_path, seq)
                for threads in args.threads:
                    iterations = 1 if long else args.iterations
                    results = {}
                    for lowering, exe in exes.items():
                        outdir = os.path.join(tmp, f"out_{lowering}")
                        results[lowering] = run_kiln(exe, paths, outdir,
                                                     threads, iterations)
                        check(f"Kiln {lowering} at {seq}",
                              np.load(os.path.join(outdir, "attention.npy")
                                      if os.path.exists(os.path.join(
                                          outdir, "attention.npy"))
                                      else os.path.join(outdir,
                                                        "result0.npy")),
                              expected)
                    tiled_ms, tiled_arena, tiled_rss = results["tiled"]
                    gflops = flops / tiled_ms / 1e6
                    if long:
                        long_rows.append(
                            f"| {seq} | {'yes' if causal else 'no'} | "
                            f"{threads} | {tiled_ms:.1f} | {gflops:.1f} | "
                            f"{100 * gflops / (peak * threads):.0f}% | "
                            f"{tiled_arena / 2**20:.0f} | {tiled_rss:.0f} |")
                        continue
                    ort_out = os.path.join(tmp, "ort.bin")
                    ort_ms, ort_rss = run_ort(onnx_path, threads,
                                              args.iterations, ort_out, paths)
                    check(f"ORT subgraph at {seq}",
                          np.fromfile(ort_out, np.float32).reshape(shape),
                          expected)
                    mha_ms = math.nan
                    if not causal:
                        mha_ms, _ = run_ort(mha_path, threads,
                                            args.iterations, ort_out,
                                            mha_paths)
                        check(f"ORT MHA at {seq}",
                              np.fromfile(ort_out, np.float32)
                              .reshape(1, seq, HEADS, HEAD_DIM)
                              .transpose(0, 2, 1, 3), expected)
                    torch.set_num_threads(threads)
                    module = Attention(seq, causal)
                    tq, tk, tv = (torch.from_numpy(t) for t in (q, k, v))
                    with torch.no_grad():
                        torch_ms = median_ms(lambda: module(tq, tk, tv),
                                             args.iterations, warmup=1)
                    dec_ms, dec_arena, _ = results["decomposed"]
                    best_ort = min(ort_ms, mha_ms) if not causal else ort_ms
                    print(f"| {seq} | {'yes' if causal else 'no'} | "
                          f"{threads} | {tiled_ms:.1f} | {gflops:.1f} | "
                          f"{100 * gflops / (peak * threads):.0f}% | {dec_ms:.1f} | "
                          f"{ort_ms:.1f} | {mha_ms:.1f} | {torch_ms:.1f} | "
                          f"{best_ort / tiled_ms:.2f} | "
                          f"{dec_ms / tiled_ms:.2f} | "
                          f"{tiled_arena / 2**20:.0f} / "
                          f"{dec_arena / 2**20:.0f} | "
                          f"{tiled_rss:.0f} / {ort_rss:.0f} |", flush=True)
        if long_rows:
            print("\nLong sequences, Kiln tiled only:\n")
            print("| seq | causal | threads | ms | GFLOP/s | of peak | "
                  "arena MiB | peak RSS MiB |")
            print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
            print("\n".join(long_rows))


if __name__ == "__main__":
    main()
