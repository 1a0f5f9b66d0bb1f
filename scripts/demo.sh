#!/usr/bin/env bash
# README command 1: set up, build, and run Kiln's graph pipeline over the
# bundled MLP (examples/mlp.mlir), printing the optimized IR and the cost
# report.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KILN_BUILD_DIR:-$root/build}
"$root/scripts/setup.sh" kiln-opt
echo "== kiln-opt examples/mlp.mlir --kiln-graph-optimize=cost-report=true"
"$build/bin/kiln-opt" "$root/examples/mlp.mlir" --kiln-graph-optimize=cost-report=true
