#!/usr/bin/env bash
# Builds Kiln's fuzz targets (libFuzzer with AddressSanitizer and UBSan,
# from Debian's libclang-rt-22-dev) and runs each for SECONDS (default 30)
# from its seed corpus, after the inputs that once crashed it
# (test/Fuzz/regressions/TARGET). Exits non-zero on any crash, leak,
# sanitizer report or finding; what the run found is in WORK.
#
#   fuzz/run.sh [SECONDS] [WORK] [TARGET...]   # CI: test/Fuzz/fuzz.test
#
# KILN_FUZZ_SEED fixes libFuzzer's seed (default 0: a new one each run);
# CI fixes it, so that its short runs try the same mutants every time and
# a new finding shows up in a long run rather than as a flaky CI.
#
# The targets (all by default):
#   npy   kiln_npy_read (a compiled program's inputs)
#   npz   kiln_npz_read (training checkpoints)
#   cli   the command lines of compiled models and of training programs
#   ir    Kiln IR text: parse, verify, graph passes, lowering to linalg
#   onnx  ONNX model bytes: import, graph passes, lowering to linalg, with
#         structure-aware mutations (onnx_mutator.cpp)
# The runtime's targets are compiled here from their C sources; the
# compiler's are built by CMake in KILN_FUZZ_BUILD (default build-fuzz),
# a tree with all of Kiln instrumented (-DKILN_ENABLE_FUZZER=ON).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-30}
work=${2:-$(mktemp -d)}
shift $(( $# < 2 ? $# : 2 ))
targets=("$@")
((${#targets[@]})) || targets=(npy npz cli ir onnx)
mkdir -p "$work"
work=$(cd "$work" && pwd)
cc=${KILN_FUZZ_CC:-clang-22}
fuzz_build=${KILN_FUZZ_BUILD:-$root/build-fuzz}
onnx_data=/usr/share/libonnx-testdata/data

# Makes $work/TARGET_fuzzer and fills $work/corpus-TARGET with its seeds.
build_target() {
  local target=$1 corpus="$work/corpus-$1"
  mkdir -p "$corpus"
  case $target in
    npy|npz|cli)
      "$cc" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
        -I"$root/include" -I"$root/lib/Runtime" -I"$root/fuzz" -pthread \
        "$root/fuzz/${target}_fuzzer.c" \
        "$root"/lib/Runtime/{cli,clock,dtype,npy,session,thread_pool,train_cli}.c \
        -o "$work/${target}_fuzzer" -lm
      cp "$root/fuzz/corpus/$target"/* "$corpus/" 2>/dev/null || true ;;
    ir|onnx)
      KILN_BUILD_DIR=$fuzz_build KILN_BUILD_TYPE=RelWithDebInfo \
        KILN_CMAKE_ARGS="-DKILN_ENABLE_FUZZER=ON -DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1" \
        "$root/scripts/setup.sh" "kiln-$target-fuzzer" > "$work/$target-build.log" 2>&1 ||
        { tail -30 "$work/$target-build.log"; return 1; }
      cp "$fuzz_build/bin/kiln-$target-fuzzer" "$work/${target}_fuzzer"
      if [ "$target" = ir ]; then
        cp "$root/fuzz/corpus/ir"/* "$corpus/"
      else
        # ONNX's backend-test models (Debian's libonnx-testdata), small ones.
        local model
        for model in "$onnx_data"/{node,simple,pytorch-operator}/*/model.onnx; do
          [ "$(stat -c %s "$model")" -le 16384 ] &&
            cp "$model" "$corpus/$(basename "$(dirname "$model")").onnx"
        done
      fi ;;
  esac
}

max_len() { case $1 in ir|onnx) echo 16384 ;; *) echo 4096 ;; esac; }
# The runtime's command lines print and write: their output is closed. The
# compiler's targets print only findings, which the log must keep.
fd_mask() { case $1 in ir|onnx) echo 0 ;; *) echo 3 ;; esac; }
status=0
for target in "${targets[@]}"; do
  if ! build_target "$target"; then
    echo "fuzz $target: the target does not build"
    status=1
    continue
  fi
  # Every input that once crashed it is run first (test/Fuzz/regressions).
  regressions=("$root/test/Fuzz/regressions/$target"/*)
  if [ -e "${regressions[0]}" ] && ! (cd "$work" && "$work/${target}_fuzzer" \
      -close_fd_mask="$(fd_mask "$target")" \
      -detect_leaks=1 "${regressions[@]}" > "$work/$target-regressions.log" 2>&1); then
    echo "fuzz $target: a regression input fails again (see $work/$target-regressions.log)"
    tail -30 "$work/$target-regressions.log"
    status=1
    continue
  fi
  corpus="$work/corpus-$target"
  mkdir -p "$work/scratch-$target"
  cp "$root"/fuzz/data/*.npy "$work/scratch-$target/"
  # The command lines write in the scratch directory.
  if (cd "$work/scratch-$target" && TMPDIR="$work" \
      "$work/${target}_fuzzer" "$corpus" -max_total_time="$seconds" \
        -seed="${KILN_FUZZ_SEED:-0}" \
        -max_len="$(max_len "$target")" -timeout=10 -rss_limit_mb=2048 \
        -close_fd_mask="$(fd_mask "$target")" \
        -detect_leaks=1 -artifact_prefix="$work/crash-$target-" \
        > "$work/$target.log" 2>&1); then
    runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$work/$target.log" | grep -o '[0-9]*$' || true)
    [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+' "$work/$target.log" | tail -1 | tr -d '#')
    echo "fuzz $target: ok, ${runs:-?} runs in ${seconds} s, corpus $(ls "$corpus" | wc -l) inputs"
  else
    echo "fuzz $target: FAILED (see $work/$target.log and $work/crash-$target-*)"
    tail -30 "$work/$target.log"
    status=1
  fi
done
exit $status
