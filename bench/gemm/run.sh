#!/usr/bin/env bash
# f32 GEMM benchmark: Kiln vs OpenBLAS vs oneDNN, same process per size.
#
#   bench/gemm/run.sh [SIZES] [THREAD_COUNTS] [ITERATIONS]
#   bench/gemm/run.sh "256 512 1024 2048 4096" "1 2" 10
#
# Prints a Markdown table (times in ms, Kiln GFLOP/s, ratios peer / Kiln).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${KILN_BUILD_DIR:-$root/build}
sizes=${1:-"256 512 1024 2048 4096"}
thread_counts=${2:-"1 2"}
iterations=${3:-10}
work="$build/bench/gemm"
mkdir -p "$work"
"$root/scripts/setup.sh" kiln-compile KilnRuntime >/dev/null

echo "| N | threads | Kiln ms | OpenBLAS ms | oneDNN ms | Kiln GFLOP/s | OpenBLAS/Kiln | oneDNN/Kiln |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in $sizes; do
  sed "s/N/$n/g" "$root/bench/gemm/gemm.mlir.in" > "$work/gemm_$n.mlir"
  "$build/bin/kiln-compile" "$work/gemm_$n.mlir" --emit=object -o "$work/gemm_$n.o"
  clang-22 -O2 -I"$root/include" "$root/bench/gemm/gemm_bench.c" \
    "$work/gemm_$n.o" -o "$work/gemm_bench_$n" \
    -lopenblas -ldnnl /usr/lib/x86_64-linux-gnu/libgomp.so.1 -lm -lpthread
  for threads in $thread_counts; do
    "$work/gemm_bench_$n" "$n" "$threads" "$iterations"
  done
done
