#!/usr/bin/env python3
"""Store size and build speed, today's build beside a baseline build, in one run.

    python3 bench/store.py --corpus target/bench/corpus-10000 --baseline OLD_BIN [--runs 2]

For each run, the baseline binary and then today's each build the corpus into a fresh
store (all cores), and for each store: quads per article, bytes per article on disk (the
RocksDB files; the graph index `entente.graph`, which older versions did not write, and
their cache `entente.snapshot` are counted apart), build time, articles per second; then
the store is dumped (`export nquads`) and Oxigraph's own bulk loader loads the dump into
an empty store (`oxigraph load`, then `oxigraph optimize`, as a build ends with a
compaction): the ratio of the build's quads per second to the loader's, the figure
`run.py` reports, here for both binaries on the same machine in the same minutes.
The loader is the `oxigraph` command of PyPI's `oxigraph` package (OXIGRAPH_BIN, or
found on PATH). Default binary: target/release/entente (ENTENTE_BIN).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(os.environ.get("ENTENTE_BIN", ROOT / "target" / "release" / "entente"))
APART = {"entente.graph", "entente.snapshot"}


def timed(command, **kwargs):
    start = time.perf_counter()
    result = subprocess.run(command, **kwargs)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed with {result.returncode}")
    return time.perf_counter() - start, result


def sizes(store: Path):
    rocks = sum(f.stat().st_size for f in store.iterdir() if f.is_file() and f.name not in APART)
    apart = sum(f.stat().st_size for f in store.iterdir() if f.is_file() and f.name in APART)
    return rocks, apart


def measure(binary: Path, corpus: Path, loader: str, work: Path, articles: int):
    store = work / "store"
    shutil.rmtree(store, ignore_errors=True)
    seconds, result = timed([str(binary), "build", str(corpus), "--store", str(store), "--format", "json"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    summary = json.loads(result.stdout)
    quads = summary["quads"]
    rocks, apart = sizes(store)
    dump = work / "dump.nq"
    with open(dump, "wb") as handle:
        timed([str(binary), "export", "nquads", "--store", str(store)], stdout=handle)
    loaded = work / "loaded"
    shutil.rmtree(loaded, ignore_errors=True)
    load, _ = timed([loader, "load", "--location", str(loaded), "--file", str(dump)],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    optimize, _ = timed([loader, "optimize", "--location", str(loaded)],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    loaded_bytes = sum(f.stat().st_size for f in loaded.iterdir() if f.is_file())
    shutil.rmtree(loaded, ignore_errors=True)
    dump.unlink()
    shutil.rmtree(store, ignore_errors=True)
    return {
        "quads": quads,
        "quads/article": quads / articles,
        "store MB": rocks / 1e6,
        "bytes/article": rocks / articles,
        "index/cache MB": apart / 1e6,
        "build s": seconds,
        "articles/s": articles / seconds,
        "loader s (load+optimize)": load + optimize,
        "loader MB": loaded_bytes / 1e6,
        "build/loader": (load + optimize) / seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--baseline", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    loader = os.environ.get("OXIGRAPH_BIN") or shutil.which("oxigraph")
    if not loader:
        raise SystemExit("no `oxigraph` command: pip install oxigraph (bench/requirements.txt pins it)")
    articles = sum(1 for _ in args.corpus.glob("*.txt"))
    results = {"baseline": [], "today": []}
    with tempfile.TemporaryDirectory(prefix="entente-store-bench-") as work:
        work = Path(work)
        for run in range(args.runs):
            for name, binary in (("baseline", args.baseline), ("today", BIN)):
                row = measure(binary, args.corpus, loader, work, articles)
                results[name].append(row)
                print(f"run {run + 1} {name}: " + ", ".join(f"{k} {v:.3g}" for k, v in row.items()), flush=True)
    print(f"\n{articles} articles, median of {args.runs} run(s)")
    keys = list(results["today"][0])
    print(f"{'':28}{'baseline':>14}{'today':>14}{'today/baseline':>16}")
    for key in keys:
        base = statistics.median(row[key] for row in results["baseline"])
        today = statistics.median(row[key] for row in results["today"])
        ratio = today / base if base else float("nan")
        print(f"{key:28}{base:>14.4g}{today:>14.4g}{ratio:>16.3f}")


if __name__ == "__main__":
    main()
