#!/usr/bin/env bash
# Installs every Debian package Kiln needs (idempotent: only what is missing)
# and configures + builds the project into ${KILN_BUILD_DIR:-build}.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

packages=(
  cmake ninja-build ccache
  # scripts/check-format.sh and test/Format.
  clang-format-22
  clang-22 lld-22 llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  libgtest-dev
  # kiln-remat's integer program (solver=milp).
  coinor-libcbc-dev pkg-config
  # The ONNX importer: ONNX's protobuf classes.
  libonnx-dev libprotobuf-dev protobuf-compiler
  # ONNX backend node tests (test/Import/onnx-node-tests.test).
  libonnx-testdata
  # Partitioned models run on several processes (lib/Runtime/shard_mpi.c).
  openmpi-bin libopenmpi-dev
  # Numeric references of the end-to-end tests (Debian's /usr/bin/python3).
  python3-numpy python3-torch python3-onnx python3-torchvision
  # libFuzzer and the sanitizers: the fuzz targets (fuzz/run.sh,
  # test/Fuzz) and the sanitizer build (-DKILN_ENABLE_ASAN=ON).
  libclang-rt-22-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
if ((${#missing[@]})); then
  echo "kiln setup: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

build=${KILN_BUILD_DIR:-$root/build}
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=${KILN_BUILD_TYPE:-Release} \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_USE_LINKER=lld \
    -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
    ${KILN_CMAKE_ARGS:-} >/dev/null
fi
if (($#)); then
  cmake --build "$build" --target "$@"
else
  cmake --build "$build"
fi
