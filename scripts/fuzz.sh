#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (clang, ASan + UBSan) and runs each
# for SECONDS, seeded from fuzz/seeds/ and, when present, the real files in
# ../shared/data. Prints one line per target: executions, rate, coverage
# (edges), features and corpus size; exits 1 when a target found a crash
# (the input is kept in BUILD_DIR/fuzz-artifacts/).
#
# usage: scripts/fuzz.sh [SECONDS] [TARGET...]     (default 60 s, every target)
# env:   BUILD_DIR (default build-fuzz; reused when it is already a fuzz build)
#        FUZZ_JOBS (parallel targets, default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(import serp classify config robots sitemap reviews)
build="${BUILD_DIR:-build-fuzz}"
shared="$(cd .. && pwd)/shared/data"

if ! grep -q "KLANTREIS_FUZZ:BOOL=ON" "$build/CMakeCache.txt" 2>/dev/null; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DKLANTREIS_FUZZ=ON -DKLANTREIS_SANITIZE=ON -DKLANTREIS_BUILD_TESTS=OFF -DKLANTREIS_BUILD_BENCH=OFF >/dev/null
fi
cmake --build "$build" -j "$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null

# seed DIR MODE_BYTE FILE...: copies files into a corpus, the import and
# config targets' first byte (the mode) prepended.
seed() {
  local dir="$1" prefix="$2"; shift 2
  local f i=0
  for f in "$@"; do
    [ -f "$f" ] || continue
    i=$((i + 1))
    if [ -n "$prefix" ]; then { printf "$prefix"; cat "$f"; } > "$dir/shared-$i"; else cp "$f" "$dir/shared-$i"; fi
  done
}

mkdir -p "$build/fuzz-artifacts"
status=0
printf '%-9s %12s %9s %7s %8s %7s  %s\n' target executions exec/s cov features corpus result
for t in "${targets[@]}"; do
  corpus="$build/fuzz-corpus/$t"
  mkdir -p "$corpus"
  cp -n fuzz/seeds/"$t"/* "$corpus"/ 2>/dev/null || true
  if [ -d "$shared" ]; then
    case "$t" in
      import) seed "$corpus" '\000' "$shared"/keyword_exports/*.csv "$shared"/dutch_queries/*.csv ;;
      serp) seed "$corpus" '' $(find "$shared/serp_html" -name '*.html' | sort | head -40) ;;
      classify)
        if [ ! -f "$corpus/q-1" ]; then
          n=0
          while IFS= read -r q && [ $n -lt 300 ]; do n=$((n + 1)); printf '%s' "$q" > "$corpus/q-$n"; done \
            < <(cut -f1 "$shared"/intent_datasets/orcas_i_gold_test.tsv | tail -n +2)
        fi ;;
      robots) seed "$corpus" '' "$shared"/crawler_fixtures/*/robots/* ;;
      sitemap) seed "$corpus" '' "$shared"/crawler_fixtures/*/sitemaps/* ;;
    esac
  fi
  case "$t" in
    import) dict=csv; max_len=65536 ;;
    serp) dict=html; max_len=1048576 ;;
    classify) dict=query; max_len=4096 ;;
    config) dict=toml; max_len=65536 ;;
    robots) dict=robots; max_len=65536 ;;
    sitemap) dict=sitemap; max_len=262144 ;;
    reviews) dict=reviews; max_len=65536 ;;
  esac
  log="$build/fuzz-$t.log"
  rc=0
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "$build/fuzz/fuzz_$t" "$corpus" -max_total_time="$seconds" -print_final_stats=1 -dict="fuzz/dict/$dict.dict" \
    -max_len="$max_len" -timeout=20 -rss_limit_mb=2560 -artifact_prefix="$build/fuzz-artifacts/$t-" \
    > "$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  files=$(find "$corpus" -type f | wc -l)
  result=ok
  if [ "$rc" -ne 0 ]; then
    result="FAILED (rc $rc, see $log)"
    status=1
  fi
  printf '%-9s %12s %9s %7s %8s %7s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$files" "$result"
done
exit $status
