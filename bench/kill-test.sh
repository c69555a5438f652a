#!/usr/bin/env bash
# The full kill test: SIGKILL `entente build` at N random moments (default 20) on a
# replicated corpus; after each kill the store must open, and a resumed build must end
# with exactly the quads of an uninterrupted build. Prints one line per kill and a verdict.
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
$bin build "$work/articles" --store "$work/reference" > /dev/null
$bin export nquads --store "$work/reference" | sort > "$work/reference.nq"
echo "reference: $(wc -l < "$work/reference.nq") quads from $articles articles"
RANDOM=42
for ((k = 1; k <= kills; k++)); do
  delay_ms=$((RANDOM % 1500 + 10))
  $bin build "$work/articles" --store "$work/killed" --resume > /dev/null 2>&1 &
  pid=$!
  sleep "$(awk -v ms="$delay_ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -e "$work/killed/CURRENT" ]; then
    docs=$($bin stats --store "$work/killed" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])')
    echo "kill $k after ${delay_ms} ms: store opens, $docs documents in"
  else
    echo "kill $k after ${delay_ms} ms: killed before the store was created"
  fi
done
$bin build "$work/articles" --store "$work/killed" --resume > /dev/null
$bin export nquads --store "$work/killed" | sort > "$work/killed.nq"
if cmp -s "$work/reference.nq" "$work/killed.nq"; then
  echo "PASS: after $kills kills, the resumed build has exactly the reference's $(wc -l < "$work/killed.nq") quads"
else
  echo "FAIL: the resumed build differs from the reference"
  diff "$work/reference.nq" "$work/killed.nq" | head
  exit 1
fi
