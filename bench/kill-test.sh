#!/usr/bin/env bash
# The full kill test: SIGKILL `entente build` at N random moments (default 20) on a
# replicated corpus, each in a build of its own; after each kill the store must open,
# and the resumed build must end with exactly the quads of an uninterrupted build. Prints one line per kill and a verdict.
#
#   bench/kill-test.sh [KILLS] [ARTICLES]
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-20}
articles=${2:-2000}
bin=target/release/entente
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/articles"
echo "doc,published" > "$work/articles/manifest.csv"
seeds=(data/corpus/*.txt)
for ((i = 0; i < articles; i++)); do
  name=$(printf 'a%06d.txt' "$i")
  cp "${seeds[$((i % ${#seeds[@]}))]}" "$work/articles/$name"
  printf '%s,2025-%02d-15\n' "$name" $((1 + i % 12)) >> "$work/articles/manifest.csv"
done
start=$(date +%s%N)
$bin build "$work/articles" --store "$work/reference" > /dev/null
# Kill moments are spread over the time a whole build takes.
span_ms=$((($(date +%s%N) - start) / 1000000))
$bin export nquads --store "$work/reference" | sort > "$work/reference.nq"
echo "reference: $(wc -l < "$work/reference.nq") quads from $articles articles in ${span_ms} ms"
RANDOM=42
failed=0
for ((k = 1; k <= kills; k++)); do
  # Each kill interrupts a build of its own from an empty store, at a moment spread
  # over a whole build's time; the resumed build must then equal the reference.
  rm -rf "$work/killed"
  delay_ms=$((RANDOM % span_ms + 10))
  $bin build "$work/articles" --store "$work/killed" > /dev/null 2>&1 &
  pid=$!
  sleep "$(awk -v ms="$delay_ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -e "$work/killed/CURRENT" ]; then
    if stats=$($bin stats --store "$work/killed" --format json 2>"$work/stats.err"); then
      docs=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])' <<<"$stats")
      state="store opens, $docs documents in"
    else
      state="store does NOT open: $(head -c 300 "$work/stats.err")"
      failed=$((failed + 1))
    fi
  else
    state="killed before the store was created"
  fi
  $bin build "$work/articles" --store "$work/killed" --resume > /dev/null
  $bin export nquads --store "$work/killed" | sort > "$work/killed.nq"
  if cmp -s "$work/reference.nq" "$work/killed.nq"; then
    echo "kill $k after ${delay_ms} ms: $state; resumed build equals the reference"
  else
    echo "kill $k after ${delay_ms} ms: $state; resumed build DIFFERS from the reference"
    diff "$work/reference.nq" "$work/killed.nq" | head -5
    failed=$((failed + 1))
  fi
done
if [ "$failed" -eq 0 ]; then
  echo "PASS: after each of $kills kills, the store opened and the resumed build had exactly the reference's $(wc -l < "$work/reference.nq") quads"
else
  echo "FAIL: $failed of $kills resumed builds differ from the reference"
  exit 1
fi
