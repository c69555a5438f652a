#!/usr/bin/env bash
# Load test of `entente serve` on loopback with wrk: 50 concurrent clients send a simple
# SELECT for 20 seconds; prints requests per second and the error count (non-2xx and
# socket errors). Installs wrk from Debian's packages when missing.
#
#   bench/load-test.sh [CONNECTIONS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-50}
seconds=${2:-20}
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet
bin=target/release/entente
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
$bin build data/corpus --store "$work/store" > /dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
$bin serve --store "$work/store" --bind "127.0.0.1:$port" --max-connections 128 2>/dev/null &
server=$!
for _ in $(seq 100); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null && break
  sleep 0.1
done
query=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("PREFIX ent: <https://w3id.org/entente/ontology#> SELECT ?a ?b WHERE { ?a ent:partnerOf ?b } LIMIT 10"))')
cat > "$work/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("requests %d in %.1f s: %.0f requests/s, errors %d, latency median %.2f ms, p99 %.2f ms\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), errors,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
echo "wrk: $connections connections, 2 threads, ${seconds} s, GET /sparql (a simple SELECT)"
wrk -t2 -c"$connections" -d"${seconds}s" -s "$work/report.lua" -H "Accept: application/sparql-results+json" \
  "http://127.0.0.1:$port/sparql?query=$query" | tail -1
