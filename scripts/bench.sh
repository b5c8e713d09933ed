#!/usr/bin/env bash
# Runs every benchmark binary and prints its figures. Build first (make build).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD_DIR:-build}
for b in "$BUILD"/bench/*_bench; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b")"
  "$b" "$@"
done
if [ -x scripts/bench_realistic.sh ]; then
  echo "== classification on the realistic corpus, with the ICU floor beside it"
  scripts/bench_realistic.sh
fi
if [ -x scripts/bench_import.sh ]; then
  echo "== import (klantreis import vs sqlite3 .import)"
  scripts/bench_import.sh
fi
