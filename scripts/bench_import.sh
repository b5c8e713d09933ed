#!/usr/bin/env bash
# Times the whole import of Keyword Planner exports of N rows (default 1M) and
# compares it with sqlite3 .import of the same rows as a UTF-8 CSV.
#
#   scripts/bench_import.sh [ROWS...]          (default 1000000)
#   scripts/bench_import.sh 1000000 5000000    linearity: both sizes back to back in
#                                              one run, then the time and peak-RSS
#                                              ratios of the last size to the first
#   BUILD_DIR=build-h4 scripts/bench_import.sh
#   KLANTREIS=/path/to/klantreis scripts/bench_import.sh
#   SQLITE=0 scripts/bench_import.sh ...       skip the sqlite3 comparison
#
# Needs $BUILD_DIR/bench/ingest_bench (cmake --build $BUILD_DIR --target ingest_bench)
# and, for the klantreis part, $BUILD_DIR/klantreis. Files go to $TMPDIR (/tmp);
# each size's files are removed before the next size is generated.
# Peak RSS comes from /usr/bin/time -v when present, else from ingest_bench
# (getrusage; the reader alone). The load average (uptime) is printed with
# every import: other processes on the machine change the wall times.
set -euo pipefail

SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000000)
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-build}"
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
BENCH="$BUILD_DIR/bench/ingest_bench"
# The CLI: $KLANTREIS, else $BUILD_DIR/klantreis, else $BUILD_DIR/cli/klantreis.
if [ -z "${KLANTREIS:-}" ]; then
  KLANTREIS="$BUILD_DIR/klantreis"
  [ -x "$KLANTREIS" ] || [ ! -x "$BUILD_DIR/cli/klantreis" ] || KLANTREIS="$BUILD_DIR/cli/klantreis"
fi
TMP="${TMPDIR:-/tmp}"
WORK="$(mktemp -d "$TMP/klantreis-bench-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

if [ ! -x "$BENCH" ]; then
  echo "bench_import: $BENCH not built (cmake --build $BUILD_DIR --target ingest_bench)" >&2
  exit 1
fi

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
HAVE_TIME=0
[ -x /usr/bin/time ] && HAVE_TIME=1

# Runs "$@" and prints its peak RSS (MiB) on fd 3 when /usr/bin/time is there.
run_measured() {
  if [ "$HAVE_TIME" = 1 ]; then
    /usr/bin/time -v -o "$WORK/time.txt" "$@"
    awk -F: '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$WORK/time.txt" >&3
  else
    "$@"
    printf "n/a" >&3
  fi
}

run_size() {
  ROWS="$1"
  PLANNER="$WORK/planner_${ROWS}.csv"
  CSV="$WORK/planner_${ROWS}_utf8.csv"
  KR_SECS=""
  KR_RSS=""
  echo "== generating $ROWS rows"
  "$BENCH" --rows "$ROWS" --generate "$PLANNER" --utf8-csv "$CSV"

  echo "== reader alone (ReadKeywordFile)"
  "$BENCH" --file "$PLANNER"

  if "$KLANTREIS" import --help >/dev/null 2>&1; then
    echo "== klantreis import (read, normalise, classify, store)"
    PROJECT="$WORK/project"
    rm -rf "$PROJECT"
    "$KLANTREIS" init "$PROJECT" >/dev/null
    echo "load: $(uptime)"
    t0=$(now)
    KR_RSS=$(run_measured "$KLANTREIS" import "$PLANNER" -p "$PROJECT" 3>&1 1>"$WORK/import.out" 2>"$WORK/import.err") || {
      echo "bench_import: klantreis import failed:" >&2
      cat "$WORK/import.err" >&2
      exit 1
    }
    t1=$(now)
    KR_SECS=$(elapsed "$t0" "$t1")
    cat "$WORK/import.out"
    echo "klantreis import: ${KR_SECS} s, peak RSS ${KR_RSS} MiB (${ROWS} rows; store $(du -sm "$PROJECT/store" | cut -f1) MiB)"
    echo "load after: $(uptime)"
  else
    echo "== klantreis import: skipped ($KLANTREIS import --help fails: CLI not built or import not wired yet)"
  fi

  echo "== sqlite3 .import of the same rows (UTF-8 CSV, no indexes)"
  if [ "${SQLITE:-1}" = 0 ]; then
    echo "skipped (SQLITE=0)"
  elif command -v sqlite3 >/dev/null 2>&1; then
    DB="$WORK/bench.db"
    rm -f "$DB"
    t0=$(now)
    SQ_RSS=$(run_measured sqlite3 "$DB" -cmd ".mode csv" ".import '$CSV' keywords" 3>&1 1>/dev/null)
    t1=$(now)
    SQ_SECS=$(elapsed "$t0" "$t1")
    SQ_ROWS=$(sqlite3 "$DB" "SELECT count(*) FROM keywords")
    echo "sqlite3 .import: ${SQ_SECS} s for ${SQ_ROWS} rows, peak RSS ${SQ_RSS} MiB"
    if [ -n "$KR_SECS" ]; then
      awk -v k="$KR_SECS" -v s="$SQ_SECS" 'BEGIN { printf "ratio klantreis import / sqlite3 .import: %.2f\n", k / s }'
    fi
  else
    echo "sqlite3 not installed: skipped"
  fi
  rm -rf "$PLANNER" "$CSV" "$WORK/bench.db" "$WORK/project"
}

SECS=()
RSS=()
for n in "${SIZES[@]}"; do
  run_size "$n"
  SECS+=("$KR_SECS")
  RSS+=("$KR_RSS")
done

last=$(( ${#SIZES[@]} - 1 ))
if [ "$last" -gt 0 ] && [ -n "${SECS[0]}" ] && [ -n "${SECS[$last]}" ]; then
  echo "== linearity (${SIZES[$last]} rows / ${SIZES[0]} rows)"
  for i in "${!SIZES[@]}"; do
    echo "  ${SIZES[$i]} rows: ${SECS[$i]} s, peak RSS ${RSS[$i]} MiB"
  done
  awk -v n0="${SIZES[0]}" -v n1="${SIZES[$last]}" -v t0="${SECS[0]}" -v t1="${SECS[$last]}" \
      -v m0="${RSS[0]}" -v m1="${RSS[$last]}" 'BEGIN {
    printf "  rows x%.2f: time x%.2f", n1 / n0, t1 / t0
    if (m0 + 0 > 0 && m1 + 0 > 0) printf ", peak RSS x%.2f", m1 / m0
    printf "\n"
  }'
fi
