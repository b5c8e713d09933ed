#!/usr/bin/env bash
# Classification speed on a realistic corpus, with the floor beside every
# figure (issue 15): ../shared/bench/gen_corpus.py N (unique queries, Zipf
# vocabulary, brands, model numbers, diacritics), then
#   floor      bare ICU word segmentation of the same lines (analyzer_bench --input)
#   analyze    the full analyzer chain on one core (analyzer_bench --input)
#   classify   `klantreis classify --format tsv --threads 1`, then --threads 2
# each as queries/s and as a multiple of the floor's time, with peak RSS.
# Usage: scripts/bench_realistic.sh [N] [SEED]    (defaults 1000000 7)
# Needs a build (make build) and ../shared/bench/gen_corpus.py.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD_DIR:-build}
N=${1:-1000000}
SEED=${2:-7}
GEN=../shared/bench/gen_corpus.py
if [ ! -f "$GEN" ]; then
  echo "bench_realistic: $GEN is absent; nothing to measure"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$GEN" "$N" "$tmp/q.txt" "$tmp/q.csv" "$SEED" > /dev/null
lines=$(wc -l < "$tmp/q.txt")
echo "corpus: $lines queries ($(stat -c %s "$tmp/q.txt") bytes), gen_corpus.py $N seed $SEED; load: $(uptime | sed 's/.*load average: //')"

ab=$("$BUILD/bench/analyzer_bench" --input "$tmp/q.txt" --reps 3)
floor=$(echo "$ab" | awk -F: '/bare ICU word segmentation/ {split($2, a, " "); print a[1]}')
analyze=$(echo "$ab" | awk -F: '/full analyzer  / {split($2, a, " "); print a[1]}')

run_classify() {  # threads -> "queries/s rss_mib"
  local start end secs
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$tmp/rss" "$BUILD/klantreis" classify --format tsv --threads "$1" < "$tmp/q.txt" > "$tmp/out.tsv"
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc -l)
  echo "$(echo "$lines / $secs" | bc -l) $(( $(cat "$tmp/rss") / 1024 ))"
}
read -r c1 rss1 < <(run_classify 1)
read -r c2 rss2 < <(run_classify 2)

printf '%-44s %12s %10s %9s\n' "step" "queries/s" "x floor" "peak MiB"
printf '%-44s %12.0f %10s %9s\n' "bare ICU word segmentation (the floor)" "$floor" "1.00" "-"
printf '%-44s %12.0f %10.2f %9s\n' "analyzer chain, one core" "$analyze" "$(echo "$floor / $analyze" | bc -l)" "-"
printf '%-44s %12.0f %10.2f %9d\n' "klantreis classify --threads 1" "$c1" "$(echo "$floor / $c1" | bc -l)" "$rss1"
printf '%-44s %12.0f %10.2f %9d\n' "klantreis classify --threads 2" "$c2" "$(echo "$floor / $c2" | bc -l)" "$rss2"
printf 'two threads / one thread: %.2fx (target >= 1.7x); one thread / floor target <= 2x\n' "$(echo "$c2 / $c1" | bc -l)"
