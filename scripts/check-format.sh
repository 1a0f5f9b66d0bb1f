#!/usr/bin/env bash
# Fails, listing them, when tracked C and C++ files differ from what
# clang-format (LLVM style, .clang-format) makes of them. With a revision
# argument, only the files changed since it are checked.
#   scripts/check-format.sh            # every tracked source file
#   scripts/check-format.sh HEAD~3     # files changed since HEAD~3
#   scripts/check-format.sh --fix      # reformat every tracked file
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
format=${CLANG_FORMAT:-clang-format-22}
cd "$root"
patterns=('*.c' '*.h' '*.cpp')
if [ "${1:-}" = "--fix" ]; then
  git ls-files -- "${patterns[@]}" | xargs "$format" -i
  exit 0
fi
if [ $# -gt 0 ]; then
  files=$(git diff --name-only --diff-filter=d "$1" -- "${patterns[@]}")
else
  files=$(git ls-files -- "${patterns[@]}")
fi
[ -n "$files" ] || exit 0
bad=()
for f in $files; do
  if ! "$format" --dry-run -Werror "$f" >/dev/null 2>&1; then
    bad+=("$f")
  fi
done
if ((${#bad[@]})); then
  echo "not clang-formatted (run scripts/check-format.sh --fix):"
  printf '  %s\n' "${bad[@]}"
  exit 1
fi
