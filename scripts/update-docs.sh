#!/usr/bin/env bash
# Regenerates docs/reference/ from the ODS definitions (via the build).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KILN_BUILD_DIR:-$root/build}
"$root/scripts/setup.sh" kiln-docs
cp "$build"/docs/*.md "$root/docs/reference/"
echo "updated $(ls "$root"/docs/reference | tr '\n' ' ')"
