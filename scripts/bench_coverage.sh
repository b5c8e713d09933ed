#!/usr/bin/env bash
# Site coverage cost: keywords x pages.
#  1. build/bench/coverage_bench: the page index of P generated pages and K
#     generated keywords streamed through it (index build, µs/keyword, peak
#     RSS before and after the keywords), for each K given.
#  2. The real path: a project with the largest K generated keywords, `report
#     --format csv` timed before and after `klantreis crawl` of a generated
#     P-page local site (build/bench/crawl_bench --serve): the difference is
#     what coverage (coverage.csv, the summary, the plan's covering pages) adds.
#
#   scripts/bench_coverage.sh [PAGES] [KEYWORDS...]     (default 1000 10000 100000)
#
# Needs $BUILD_DIR/klantreis, bench/coverage_bench, bench/crawl_bench, python3 and /usr/bin/time.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-build}"
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
KLANTREIS="$BUILD_DIR/klantreis"
PAGES="${1:-1000}"
shift || true
[ $# -gt 0 ] || set -- 10000 100000
for f in "$KLANTREIS" "$BUILD_DIR/bench/coverage_bench" "$BUILD_DIR/bench/crawl_bench" /usr/bin/time; do
  [ -x "$f" ] || { echo "bench_coverage: $f missing" >&2; exit 1; }
done
WORK="$(mktemp -d "${TMPDIR:-/tmp}/klantreis-bench-coverage-XXXXXX")"
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== coverage_bench (in-process, $PAGES pages)"
for K in "$@"; do
  echo "-- $K keywords"
  "$BUILD_DIR/bench/coverage_bench" --keywords "$K" --pages "$PAGES" --dir "$WORK/cb"
done

K="${@: -1}"
echo "== report --format csv, $K keywords, before and after a crawl of $PAGES pages"
python3 - "$K" >"$WORK/k.csv" <<'PY'
import random, sys
random.seed(7)
words = ("kamerplant monstera ficus hangplant potgrond plantenbak plantenlamp kopen bestellen prijs goedkoop "
         "verpotten stekken water geven licht binnen buiten badkamer winter verzorging tips beste makkelijke "
         "page content article guide review shop product category news blog").split()
seen = set()
print("keyword,volume")
while len(seen) < int(sys.argv[1]):
    k = " ".join(random.choice(words) for _ in range(random.randint(1, 5))) + " " + str(len(seen))
    if k not in seen:
        seen.add(k)
        print(f"{k},{random.randint(10, 5000)}")
PY
"$KLANTREIS" init "$WORK/p" --name bench >/dev/null
"$KLANTREIS" import "$WORK/k.csv" -p "$WORK/p" -q >/dev/null
report() {
  /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$KLANTREIS" report -p "$WORK/p" --out "$WORK/out" --format csv -q \
    >/dev/null
  read -r SECS KIB <"$WORK/time.txt"
  echo "$1: ${SECS} s, peak RSS $((KIB / 1024)) MiB"
}
report "without a crawl"
mkfifo "$WORK/in"
"$BUILD_DIR/bench/crawl_bench" --serve --pages "$PAGES" --seconds 900 <"$WORK/in" >"$WORK/port" &
SERVER_PID=$!
exec 3>"$WORK/in"
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.05; done
PORT="$(head -1 "$WORK/port")"
"$KLANTREIS" crawl "http://127.0.0.1:$PORT/" -p "$WORK/p" --delay 0 --max-pages "$PAGES" --max-depth 1000 -q >/dev/null
exec 3>&-
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""
report "with $PAGES crawled pages"
echo "coverage.csv: $(($(wc -l <"$WORK/out/coverage.csv") - 1)) rows, $(awk -F, 'NR>1 && $4!=""' "$WORK/out/coverage.csv" | wc -l) covered"
