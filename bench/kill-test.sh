#!/usr/bin/env bash
# The full kill test: SIGKILL `entente build` at N random moments (default 20) on a
# replicated corpus, each in a build of its own; after each kill the store must open,
# and the resumed build must end with exactly the quads of an uninterrupted build. Then
# N kills of a build that replaces every document of a store built from other texts:
# the next build must end with the same quads. Prints one line per kill and a verdict.
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
# Builds the articles into $work/killed and SIGKILLs the build after $1 ms.
build_killed_after() {
  $bin build "$work/articles" --store "$work/killed" > /dev/null 2>&1 &
  local pid=$!
  sleep "$(awk -v ms="$1" 'BEGIN { printf "%.3f", ms / 1000 }')"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
# Compares the quads of $work/killed with the reference's; prints "$1 equals the
# reference" or "$1 DIFFERS from the reference" (with the first differences) and counts
# a failure.
compare_with_reference() {
  $bin export nquads --store "$work/killed" | sort > "$work/killed.nq"
  if cmp -s "$work/reference.nq" "$work/killed.nq"; then
    echo "$1 equals the reference"
  else
    echo "$1 DIFFERS from the reference"
    diff "$work/reference.nq" "$work/killed.nq" | head -5
    failed=$((failed + 1))
  fi
}
for ((k = 1; k <= kills; k++)); do
  # Each kill interrupts a build of its own from an empty store, at a moment spread
  # over a whole build's time; the resumed build must then equal the reference.
  rm -rf "$work/killed"
  delay_ms=$((RANDOM % span_ms + 10))
  build_killed_after "$delay_ms"
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
  compare_with_reference "kill $k after ${delay_ms} ms: $state; resumed build"
done
# Then kills while a build replaces every document of a store built from other texts
# and dates (each document's graph replaced in a transaction; the shared descriptions
# the old texts alone needed swept at the end): after each, the store must open and a
# new build must end with exactly the reference's quads, the owed sweep included.
mkdir -p "$work/older"
echo "doc,published" > "$work/older/manifest.csv"
for ((i = 0; i < articles; i++)); do
  name=$(printf 'a%06d.txt' "$i")
  cp "${seeds[$(((i + 1) % ${#seeds[@]}))]}" "$work/older/$name"
  printf '%s,2024-%02d-10\n' "$name" $((1 + i % 12)) >> "$work/older/manifest.csv"
done
$bin build "$work/older" --store "$work/older-store" > /dev/null
cp -r "$work/older-store" "$work/replaced"
start=$(date +%s%N)
$bin build "$work/articles" --store "$work/replaced" > /dev/null
replace_ms=$((($(date +%s%N) - start) / 1000000))
if ! $bin export nquads --store "$work/replaced" | sort | cmp -s - "$work/reference.nq"; then
  echo "a build replacing every document DIFFERS from the reference"
  failed=$((failed + 1))
fi
for ((k = 1; k <= kills; k++)); do
  rm -rf "$work/killed"
  cp -r "$work/older-store" "$work/killed"
  delay_ms=$((RANDOM % replace_ms + 10))
  build_killed_after "$delay_ms"
  if $bin stats --store "$work/killed" --format json > /dev/null 2>"$work/stats.err"; then
    state="store opens"
  else
    state="store does NOT open: $(head -c 300 "$work/stats.err")"
    failed=$((failed + 1))
  fi
  owed=$([ -e "$work/killed/entente.sweep" ] && echo ", sweep owed" || echo "")
  $bin build "$work/articles" --store "$work/killed" > /dev/null
  compare_with_reference "replacing, kill $k after ${delay_ms} ms: $state$owed; the next build"
done
if [ "$failed" -eq 0 ]; then
  echo "PASS: after each of $kills kills of a first build and $kills of a replacing build, the store opened and the next build had exactly the reference's $(wc -l < "$work/reference.nq") quads"
else
  echo "FAIL: $failed of $kills resumed builds differ from the reference"
  exit 1
fi
