#!/usr/bin/env bash
# Streams a generated N-query mixed nl/en file (default 1,000,000) through
# `klantreis classify` (stdin → stdout) and prints queries/s and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD_DIR:-build}
N=${1:-1000000}
THREADS=${THREADS:-0}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A deterministic mix of query shapes in both languages.
awk -v n="$N" 'BEGIN {
  split("hardloopschoenen kopen|wat is een warmtepomp|beste robotstofzuiger 2024|kortingscode zalando|pakket niet ontvangen|koffiemachine ontkalken|abonnement opzeggen|review schrijven bol.com|rugpijn na het sporten|laptop 16 inch|buy running shoes online|how does a heat pump work|best vacuum cleaner|discount code nike|where is my package|how to descale coffee machine|cancel subscription|write a review|back pain after running|gaming laptop", q, "|");
  split("dames|heren|2024|goedkoop|utrecht|zwart|xl|online|kids|pro", m, "|");
  for (i = 0; i < n; i++) print q[(i % 20) + 1] " " m[(int(i / 20) % 10) + 1];
}' > "$tmp/queries.txt"
bytes=$(stat -c %s "$tmp/queries.txt")
echo "input: $N queries, $bytes bytes"
start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$tmp/rss" "$BUILD/klantreis" classify --format tsv --threads "$THREADS" < "$tmp/queries.txt" > "$tmp/out.tsv"
end=$(date +%s.%N)
lines=$(wc -l < "$tmp/out.tsv")
secs=$(echo "$end - $start" | bc -l)
printf 'classified %d queries in %.2f s: %.0f queries/s (threads=%s), peak RSS %d MiB\n' \
  "$lines" "$secs" "$(echo "$lines / $secs" | bc -l)" "$THREADS" "$(( $(cat "$tmp/rss") / 1024 ))"
