#!/usr/bin/env bash
# Site crawl throughput and memory: serves a generated N-page site on
# 127.0.0.1 (build/bench/crawl_bench) and runs `klantreis crawl` over it
# with --delay 0 into a fresh project; prints pages, seconds, pages/s and
# the crawler's peak RSS. Server and crawler share the machine.
#
#   scripts/bench_crawl.sh [PAGES...]     (default 10000)
#
# Needs $BUILD_DIR/klantreis, $BUILD_DIR/bench/crawl_bench and /usr/bin/time.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-build}"
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
KLANTREIS="${KLANTREIS:-$BUILD_DIR/klantreis}"
SERVER="$BUILD_DIR/bench/crawl_bench"
[ $# -gt 0 ] || set -- 10000
for f in "$KLANTREIS" "$SERVER" /usr/bin/time; do
  [ -x "$f" ] || { echo "bench_crawl: $f missing (build it / apt-get install time)" >&2; exit 1; }
done
WORK="$(mktemp -d "${TMPDIR:-/tmp}/klantreis-bench-crawl-XXXXXX")"
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

printf '%-8s %-8s %-9s %-9s %-9s\n' pages stored seconds pages/s peak_MiB
for N in "$@"; do
  mkfifo "$WORK/in"
  "$SERVER" --serve --pages "$N" --seconds 900 <"$WORK/in" >"$WORK/port" &
  SERVER_PID=$!
  exec 3>"$WORK/in"  # keeps the server's stdin open
  for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.05; done
  PORT="$(head -1 "$WORK/port")"
  "$KLANTREIS" init "$WORK/p$N" --name bench >/dev/null
  /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$KLANTREIS" crawl "http://127.0.0.1:$PORT/" -p "$WORK/p$N" \
    --delay 0 --max-pages "$N" --max-depth 1000 -q >"$WORK/out.txt" 2>"$WORK/err.txt" || { cat "$WORK/err.txt" >&2; exit 1; }
  read -r SECS KIB <"$WORK/time.txt"
  STORED="$(sed -n 's/.*: \([0-9]*\) pages stored.*/\1/p' "$WORK/out.txt" | head -1)"
  printf '%-8s %-8s %-9s %-9s %-9s\n' "$N" "$STORED" "$SECS" "$(echo "scale=0; $STORED / $SECS" | bc)" "$((KIB / 1024))"
  exec 3>&-
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  rm -f "$WORK/in" "$WORK/port"
done
