#!/usr/bin/env bash
# A flamegraph of one entente command: perf samples its stacks (DWARF unwinding, as the
# release build keeps its debug info), inferno folds them and draws the SVG.
#
#   bench/flamegraph.sh OUT.svg [ENTENTE ARGS...]
#
# Without arguments after OUT.svg it profiles `extract` on the 10,000 generated bench
# articles on one thread (made by bench/gen_corpus.py if missing). FREQ sets perf's
# sampling rate (default 1999 Hz; lower it for runs of more than a few seconds: each
# sample keeps 16 KiB of stack). Needs perf (Debian's linux-perf) and sampling rights
# (`kernel.perf_event_paranoid` at 2 or below, or root); inferno is installed from
# crates.io into target/bench/tools on first use.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: bench/flamegraph.sh OUT.svg [ENTENTE ARGS...]" >&2
  exit 2
fi
# OUT.svg is where the caller stands; the rest runs from the repository's root.
out=$(realpath -m -- "$1")
shift
cd "$(dirname "$0")/.."
if ! command -v perf > /dev/null; then
  echo "bench/flamegraph.sh: perf not found (Debian package linux-perf)" >&2
  exit 2
fi
tools=target/bench/tools
inferno_version=0.12.8
if [ ! -x "$tools/bin/inferno-flamegraph" ]; then
  cargo install --quiet --locked inferno --version "$inferno_version" \
    --no-default-features --features cli --root "$tools"
fi
cargo build --release --quiet
if [ $# -eq 0 ]; then
  corpus=target/bench/corpus-10000
  [ -d "$corpus" ] || python3 bench/gen_corpus.py 10000 "$corpus"
  set -- extract "$corpus" --threads 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The command's own output is not wanted. Its exit code is told, not acted on: 1 (nothing
# found) and 2 (an error, or input skipped) can both end a run worth drawing.
status=0
perf record --quiet -e cpu-clock -F "${FREQ:-1999}" --call-graph dwarf,16384 \
  -o "$work/perf.data" -- target/release/entente "$@" > /dev/null || status=$?
[ "$status" -eq 0 ] || echo "bench/flamegraph.sh: entente $* exited with $status" >&2
perf script -i "$work/perf.data" 2> /dev/null |
  "$tools/bin/inferno-collapse-perf" --kernel > "$work/folded"
# perf weighs each cpu-clock sample by its period in nanoseconds: the frames are
# labelled in milliseconds of CPU time.
"$tools/bin/inferno-flamegraph" --title "entente $*" --width 1600 --deterministic \
  --minwidth 0.05 --factor 0.000001 --countname ms < "$work/folded" > "$out"
echo "$out: $(wc -l < "$work/folded") distinct stacks, $(awk '{ n += $NF } END { printf "%.0f", n / 1e6 }' "$work/folded") ms of CPU sampled"
