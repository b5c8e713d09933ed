#!/usr/bin/env bash
# Report time and peak RSS against the import time of the same file, per size:
# generates a Keyword Planner export (bench/ingest_bench --generate), imports
# it into a fresh project, then runs `report --format csv,md,json,html,xlsx`.
#
#   scripts/bench_report.sh [ROWS...]     (default 100000 1000000)
#   BUILD_DIR=build scripts/bench_report.sh 100000 1000000 5000000
#
# Needs $BUILD_DIR/klantreis and $BUILD_DIR/bench/ingest_bench, and
# /usr/bin/time (Debian package `time`) for the peak RSS. Files go to $TMPDIR.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-build}"
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
KLANTREIS="${KLANTREIS:-$BUILD_DIR/klantreis}"
BENCH="$BUILD_DIR/bench/ingest_bench"
FORMATS="${FORMATS:-csv,md,json,html,xlsx}"
[ $# -gt 0 ] || set -- 100000 1000000
for f in "$KLANTREIS" "$BENCH" /usr/bin/time; do
  [ -x "$f" ] || { echo "bench_report: $f missing (build it / apt-get install time)" >&2; exit 1; }
done
WORK="$(mktemp -d "${TMPDIR:-/tmp}/klantreis-bench-report-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# measure LABEL CMD...: seconds and peak MiB into $SECS/$RSS.
measure() {
  /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$@" >"$WORK/out.txt" 2>"$WORK/err.txt" || {
    cat "$WORK/err.txt" >&2; exit 1; }
  read -r SECS KIB <"$WORK/time.txt"
  RSS=$(awk -v k="$KIB" 'BEGIN { printf "%.0f", k / 1024 }')
}

printf '%-10s %-10s %10s %10s %10s %10s %8s\n' rows keywords import_s import_MiB report_s report_MiB ratio
for rows in "$@"; do
  file="$WORK/planner_$rows.csv"
  "$BENCH" --rows "$rows" --generate "$file" >/dev/null
  proj="$WORK/p$rows"
  "$KLANTREIS" init "$proj" --name "bench $rows" >/dev/null
  measure "$KLANTREIS" import "$file" -p "$proj"
  imp_s=$SECS imp_rss=$RSS
  measure "$KLANTREIS" report -p "$proj" --out "$proj/report" --format "$FORMATS"
  kws=$(head -1 "$WORK/out.txt" | awk '{print $1}')
  ratio=$(awk -v a="$SECS" -v b="$imp_s" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  printf '%-10s %-10s %10s %10s %10s %10s %7sx\n' "$rows" "$kws" "$imp_s" "$imp_rss" "$SECS" "$RSS" "$ratio"
  rm -rf "$proj" "$file"
done
