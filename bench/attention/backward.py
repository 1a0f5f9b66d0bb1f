#!/usr/bin/python3
"""The backward of kiln.attention: FlashAttention-2's tiled backward
(kiln.attention_lse + kiln.attention_grad, what --kiln-autodiff emits)
against its decomposed lowering and torch autograd, in one script.

  bench/attention/backward.py [--seqs 512 1024 2048 4096] [--threads 1 2]
                              [--memory-seqs 2048 8192] [--iterations 5]

Batch 1, 8 heads, head dim 64, f32, causal and not. For each sequence
length, Kiln programs compiled by kiln-compile and run with --bench:
  * forward: kiln.attention alone (tiled);
  * forward + backward: (q, k, v, g) -> (dq, dk, dv) through
    kiln.attention_lse and kiln.attention_grad, --attention=tiled and
    --attention=decomposed;
  * torch eager: the same attention written in torch ops, forward +
    autograd backward, up to --torch-max-seq (Debian's torch 1.13 has no
    fused attention and multiplies on the reference BLAS: a floor, not a
    peer).
ONNX Runtime is not measured: its inference runtime (the npm package)
has no backward. Every gradient is checked against float64 torch autograd
before its time counts. GFLOP/s counts the backward's 5 products over the
scores plus the forward's 2: 14 b h s^2 d (half for causal).
The memory table gives the planned arena (peak_bytes) of the forward +
backward program at --memory-seqs, tiled and decomposed (the decomposed
one at 8k is compiled, not run: it plans several GiB).
Prints Markdown tables; ratios above 1.0 mean the tiled lowering is faster.
"""
import argparse
import math
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
from kiln_bench import median_ms, run_kiln  # noqa: E402

HEADS, HEAD_DIM = 8, 64


def forward_ir(seq, causal):
    t = f"tensor<1x{HEADS}x{seq}x{HEAD_DIM}xf32>"
    flag = " causal" if causal else ""
    return (f"func.func @attention(%q: {t}, %k: {t}, %v: {t}) -> {t} {{\n"
            f"  %0 = kiln.attention %q, %k, %v{flag} : ({t}, {t}, {t}) -> {t}\n"
            f"  return %0 : {t}\n}}\n")


def backward_ir(seq, causal):
    t = f"tensor<1x{HEADS}x{seq}x{HEAD_DIM}xf32>"
    lse = f"tensor<1x{HEADS}x{seq}xf32>"
    flag = " causal" if causal else ""
    return (f"func.func @attention_grad(%q: {t}, %k: {t}, %v: {t}, %g: {t})"
            f" -> ({t}, {t}, {t}) {{\n"
            f"  %o, %lse = kiln.attention_lse %q, %k, %v{flag} : "
            f"({t}, {t}, {t}) -> ({t}, {lse})\n"
            f"  %dq, %dk, %dv = kiln.attention_grad %q, %k, %v, %o, %lse, %g"
            f"{flag} : ({t}, {t}, {t}, {t}, {lse}, {t}) -> ({t}, {t}, {t})\n"
            f"  return %dq, %dk, %dv : {t}, {t}, {t}\n}}\n")


def attention(q, k, v, causal):
    scores = q @ k.transpose(-1, -2) * (1.0 / math.sqrt(q.shape[-1]))
    if causal:
        seq = q.shape[-2]
        hidden = ~torch.ones(seq, seq, dtype=torch.bool).tril()
        scores = scores.masked_fill(hidden, float("-inf"))
    return torch.softmax(scores, -1) @ v


def reference(q, k, v, g, causal):
    """float64 autograd, one head at a time."""
    grads = [np.empty(q.shape, np.float64) for _ in range(3)]
    for h in range(q.shape[1]):
        qh, kh, vh = (torch.from_numpy(t[0, h]).double().requires_grad_()
                      for t in (q, k, v))
        out = attention(qh, kh, vh, causal)
        for grad, value in zip(grads, torch.autograd.grad(
                out, (qh, kh, vh), torch.from_numpy(g[0, h]).double())):
            grad[0, h] = value.numpy()
    return grads


def check(what, outdir, expected):
    for i, ref in enumerate(expected):
        got = np.load(os.path.join(outdir, f"result{i}.npy"))
        error = np.abs(got - ref).max() / np.abs(ref).max()
        if error > 1e-4:
            sys.exit(f"{what}: gradient {i} disagrees with the float64 "
                     f"reference ({error:.3g})")


def compile_model(compiler, ir_text, path, lowering, tmp):
    ir = os.path.join(tmp, "model.mlir")
    with open(ir, "w") as f:
        f.write(ir_text)
    subprocess.run([compiler, ir, "-o", path, f"--attention={lowering}"],
                   check=True)


def planned_arena(compiler, ir_text, lowering, tmp):
    """The arena kiln-compile plans, read from its LLVM dialect output."""
    ir = os.path.join(tmp, "model.mlir")
    with open(ir, "w") as f:
        f.write(ir_text)
    out = subprocess.run([compiler, ir, "--emit=mlir", "-o", "-",
                          f"--attention={lowering}"], check=True,
                         capture_output=True, text=True).stdout
    return int(re.search(r"kiln.arena_bytes = (\d+)", out).group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seqs", type=int, nargs="+",
                        default=[512, 1024, 2048, 4096])
    parser.add_argument("--memory-seqs", type=int, nargs="*",
                        default=[2048, 8192])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument("--torch-max-seq", type=int, default=2048,
                        help="longest sequence torch runs (its reference "
                        "BLAS takes about 8 s per step at 2k)")
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    args = parser.parse_args()
    compiler = os.path.join(args.build, "bin", "kiln-compile")
    cpu = next(line.split(": ", 1)[1] for line in open("/proc/cpuinfo")
               if line.startswith("model name"))
    print(f"{cpu.strip()}; torch {torch.__version__}\n")
    print("| seq | causal | threads | Kiln fwd ms | Kiln fwd+bwd ms "
          "| (fwd+bwd) / fwd | GFLOP/s | decomposed fwd+bwd ms "
          "| torch fwd+bwd ms | decomposed / tiled | torch / tiled |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
          "| ---: | ---: |")
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        for seq in args.seqs:
            shape = (1, HEADS, seq, HEAD_DIM)
            q, k, v, g = (rng.standard_normal(shape).astype(np.float32)
                          for _ in range(4))
            paths = []
            for name, t in (("q", q), ("k", k), ("v", v), ("g", g)):
                paths.append(os.path.join(tmp, f"{name}.npy"))
                np.save(paths[-1], t)
            for causal in (False, True):
                expected = reference(q, k, v, g, causal)
                exes = {"forward": os.path.join(tmp, "forward")}
                compile_model(compiler, forward_ir(seq, causal),
                              exes["forward"], "tiled", tmp)
                for lowering in ("tiled", "decomposed"):
                    exes[lowering] = os.path.join(tmp, lowering)
                    compile_model(compiler, backward_ir(seq, causal),
                                  exes[lowering], lowering, tmp)
                flops = 14.0 * HEADS * seq * seq * HEAD_DIM / (
                    2 if causal else 1)
                for threads in args.threads:
                    ms = {}
                    for name, exe in exes.items():
                        outdir = os.path.join(tmp, f"out_{name}")
                        fields = run_kiln(exe, paths[:3] if name == "forward"
                                          else paths, outdir, threads,
                                          args.iterations)
                        ms[name] = float(fields["median_ms"])
                        if name != "forward":
                            check(f"Kiln {name} at {seq}", outdir, expected)
                    torch_ms = math.nan
                    if seq <= args.torch_max_seq:
                        torch.set_num_threads(threads)
                        tq, tk, tv = (torch.from_numpy(t).requires_grad_()
                                      for t in (q, k, v))
                        tg = torch.from_numpy(g)

                        def step():
                            out = attention(tq, tk, tv, causal)
                            torch.autograd.grad(out, (tq, tk, tv), tg)
                        torch_ms = median_ms(step, args.iterations, warmup=1)
                    print(f"| {seq} | {'yes' if causal else 'no'} | "
                          f"{threads} | {ms['forward']:.1f} | "
                          f"{ms['tiled']:.1f} | "
                          f"{ms['tiled'] / ms['forward']:.2f} | "
                          f"{flops / ms['tiled'] / 1e6:.1f} | "
                          f"{ms['decomposed']:.1f} | {torch_ms:.1f} | "
                          f"{ms['decomposed'] / ms['tiled']:.2f} | "
                          f"{torch_ms / ms['tiled']:.2f} |", flush=True)
        if args.memory_seqs:
            print("\nPlanned arena of the forward + backward program "
                  "(MiB):\n")
            print("| seq | causal | tiled | decomposed | decomposed / "
                  "tiled |")
            print("| ---: | --- | ---: | ---: | ---: |")
            for seq in args.memory_seqs:
                for causal in (False, True):
                    tiled, decomposed = (
                        planned_arena(compiler, backward_ir(seq, causal),
                                      lowering, tmp)
                        for lowering in ("tiled", "decomposed"))
                    print(f"| {seq} | {'yes' if causal else 'no'} | "
                          f"{tiled / 2**20:.0f} | {decomposed / 2**20:.0f} "
                          f"| {decomposed / tiled:.0f} |", flush=True)


if __name__ == "__main__":
    main()
