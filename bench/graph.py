#!/usr/bin/env python3
"""Path and actor-card latency on a store, today's build beside a baseline build.

    python3 bench/graph.py --corpus target/bench/corpus-10000 --baseline OLD_BIN [--runs 30]
    python3 bench/graph.py --store DIR --baseline OLD_BIN [--runs 30]

With `--corpus`, each binary builds the corpus into a fresh store of its own (the build's
time is printed; today's build also says how long it spent writing the graph index),
then `path` and `show` run as commands: the first call after the build, then `--runs`
more (median and 99th percentile). With `--store`, both binaries read the given store,
and the first call is the first after removing the binary's own cache
(`entente.snapshot` for versions before the graph index, `entente.graph` after): the
cost of the first reader of a store built by another version.

Then today's `serve` on today's store, and wrk with `--clients` connections asking
`/api/path` for `--pairs` pairs in turn for `--seconds`: p50 and p99 latency, errors.
wrk is installed from Debian's packages when missing. Default binary:
target/release/entente (ENTENTE_BIN).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path

from endpoint import Server  # the same server harness as the endpoint benchmarks

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(os.environ.get("ENTENTE_BIN", ROOT / "target" / "release" / "entente"))
ACTORS = ["Maroc", "Chine", "France", "Inde", "Japon", "Israël", "Brésil", "Kenya"]


def timed(command):
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = (time.perf_counter() - start) * 1000
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(map(str, command))} failed: {result.stderr.decode()}")
    return elapsed, result.stdout


def percentile(values, p):
    ordered = sorted(values)
    return ordered[round((len(ordered) - 1) * p)]


def measure(binary, store, runs, pairs):
    """First call, then `runs` calls of path and show, in ms."""
    row = {}
    path_calls = [[str(binary), "path", a, b, "--store", str(store)] for a, b in pairs]
    show_calls = [[str(binary), "show", a, "--store", str(store)] for a, _ in pairs]
    row["path first"], first_answer = timed(path_calls[0])
    times = [timed(path_calls[i % len(path_calls)])[0] for i in range(runs)]
    row["path p50"], row["path p99"] = statistics.median(times), percentile(times, 0.99)
    row["show first"], _ = timed(show_calls[0])
    times = [timed(show_calls[i % len(show_calls)])[0] for i in range(runs)]
    row["show p50"], row["show p99"] = statistics.median(times), percentile(times, 0.99)
    row["answer"] = first_answer
    return row


def api_load(store, pairs, clients, seconds):
    if shutil.which("wrk") is None:
        subprocess.run(["sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk"],
                       check=True, stdout=subprocess.DEVNULL)
    server = Server(store, ["--timeout", "10"])
    work = Path(tempfile.mkdtemp())
    try:
        # Wait for the graph (loaded in the background at start).
        import urllib.request
        deadline = time.time() + 600
        while True:
            try:
                urllib.request.urlopen(server.url("/api/search?q=ma"), timeout=10).read()
                break
            except Exception:
                if time.time() > deadline:
                    raise SystemExit("the JSON API did not answer")
                time.sleep(0.2)
        paths = [f"/api/path?{urllib.parse.urlencode({'from': a, 'to': b, 'sources': '3'})}" for a, b in pairs]
        script = "paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n" + """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("REPORT %d %d %d %.3f %.3f\\n", summary.requests,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""
        (work / "paths.lua").write_text(script)
        output = subprocess.run(
            ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s", "-s", str(work / "paths.lua"),
             server.url("")], capture_output=True, text=True, check=True).stdout
        for line in output.splitlines():
            if line.startswith("REPORT"):
                requests, status, errors, p50, p99 = line.split()[1:]
                return {"requests": int(requests), "non-2xx": int(status), "socket errors": int(errors),
                        "p50 ms": float(p50), "p99 ms": float(p99)}
        raise SystemExit(output)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--corpus", type=Path)
    source.add_argument("--store", type=Path)
    parser.add_argument("--baseline", type=Path, required=True, help="the binary to compare with")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pairs", type=int, default=6)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--work", type=Path, default=ROOT / "target" / "bench")
    args = parser.parse_args()
    pairs = [(a, b) for a in ACTORS for b in ACTORS if a != b][: args.pairs]
    rows = {}
    stores = {}
    for name, binary in [("baseline", args.baseline), ("today", BIN)]:
        row = {}
        if args.corpus:
            store = args.work / f"graph-bench-{name}-{args.corpus.name}"
            shutil.rmtree(store, ignore_errors=True)
            start = time.perf_counter()
            result = subprocess.run([str(binary), "build", str(args.corpus), "--store", str(store), "--format", "json"],
                                    capture_output=True, text=True)
            row["build s"] = time.perf_counter() - start
            if result.returncode != 0:
                raise SystemExit(result.stderr)
            summary = json.loads(result.stdout)
            if summary.get("index_seconds") is not None:
                row["index s"] = summary["index_seconds"]
                row["index share of build"] = summary["index_seconds"] / row["build s"]
            row["quads"] = summary["quads"]
            row["store MB"] = sum(p.stat().st_size for p in store.rglob("*") if p.is_file()) / 1e6
        else:
            store = args.store
            for cache in ["entente.snapshot", "entente.graph"]:
                (store / cache).unlink(missing_ok=True)
        row.update(measure(binary, store, args.runs, pairs))
        rows[name] = row
        stores[name] = store
    same = rows["baseline"].pop("answer") == rows["today"].pop("answer")
    keys = list(dict.fromkeys(list(rows["baseline"]) + list(rows["today"])))
    print(f"{'':24} {'baseline':>12} {'today':>12}")
    for key in keys:
        cells = []
        for name in ["baseline", "today"]:
            value = rows[name].get(key)
            cells.append("-" if value is None else (f"{value:.3f}" if isinstance(value, float) else str(value)))
        print(f"{key:24} {cells[0]:>12} {cells[1]:>12}")
    print(f"first path answer identical: {same}")
    api = api_load(stores["today"], pairs, args.clients, args.seconds)
    print(f"/api/path, {args.clients} clients, {args.seconds} s: " + ", ".join(f"{k} {v}" for k, v in api.items()))


if __name__ == "__main__":
    main()
