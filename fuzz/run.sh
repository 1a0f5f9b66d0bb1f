#!/usr/bin/env bash
# Builds Kiln's fuzz targets (libFuzzer with AddressSanitizer and UBSan,
# from Debian's libclang-rt-22-dev) and runs each for SECONDS (default 30)
# from its committed corpus (fuzz/corpus/TARGET), after the inputs that once
# crashed it (test/Fuzz/regressions/TARGET). Exits non-zero on any
# crash, leak or sanitizer report; what the run found is in WORK.
#
#   fuzz/run.sh [SECONDS] [WORK]     # CI: test/Fuzz/fuzz.test runs it
#
# Each target is one reader or command line of the C runtime, compiled from
# its sources with the fuzzer's instrumentation:
#   npy   kiln_npy_read (a compiled program's inputs)
#   npz   kiln_npz_read (training checkpoints)
#   cli   the command lines of compiled models and of training programs
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-30}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
cc=${KILN_FUZZ_CC:-clang-22}
flags=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
       -I"$root/include" -I"$root/lib/Runtime" -I"$root/fuzz" -pthread)
runtime=("$root"/lib/Runtime/{cli,clock,dtype,npy,session,thread_pool,train_cli}.c)
status=0
for target in npy npz cli; do
  "$cc" "${flags[@]}" "$root/fuzz/${target}_fuzzer.c" "${runtime[@]}" \
    -o "$work/${target}_fuzzer" -lm
  # Every input that once crashed it is run first (test/Fuzz/regressions).
  regressions=("$root/test/Fuzz/regressions/$target"/*)
  if [ -e "${regressions[0]}" ] && ! (cd "$work" && "$work/${target}_fuzzer" \
      -close_fd_mask=3 "${regressions[@]}" > "$work/$target-regressions.log" 2>&1); then
    echo "fuzz $target: a regression input fails again (see $work/$target-regressions.log)"
    tail -30 "$work/$target-regressions.log"
    status=1
    continue
  fi
  corpus="$work/corpus-$target"
  mkdir -p "$corpus" "$work/scratch-$target"
  cp "$root"/fuzz/data/*.npy "$work/scratch-$target/"
  cp "$root/fuzz/corpus/$target"/* "$corpus/" 2>/dev/null || true
  # The command lines write (in the scratch directory) and print: their
  # output is closed (-close_fd_mask=3).
  if (cd "$work/scratch-$target" && TMPDIR="$work" \
      "$work/${target}_fuzzer" "$corpus" -max_total_time="$seconds" \
        -max_len=4096 -timeout=10 -rss_limit_mb=2048 -close_fd_mask=3 \
        -artifact_prefix="$work/crash-$target-" > "$work/$target.log" 2>&1); then
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
