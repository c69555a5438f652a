#!/usr/bin/env python3
"""How `entente extract` scales on pathological articles: one text made of one phrase
repeated N times, in one sentence (a scrape without full stops) or in N sentences.

    python3 bench/hostile.py [--sizes 10000,20000,40000] [--timeout 60] [KIND ...]

For each kind and size: the text's size, the time and peak memory of `extract
--threads 1` on it (one run), and the ratio of each time to the previous size's. The
sizes double: a ratio near 2 is linear, near 4 quadratic. A run over the timeout is
reported as such. Kinds: cue, cue-sent, office, office-sent, partner, partner-sent,
caps, states, dates (all by default).
"""

import argparse
import shutil
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / "target" / "release" / "entente"
WORK = ROOT / "target" / "bench" / "hostile"

# (phrase, separator): "{i}" numbers each repeat, "{d}" gives a day of the month.
KINDS = {
    "cue": ("le groupe français Zorblax{i}", ", "),
    "cue-sent": ("Le groupe français Zorblax{i} a parlé au groupe", ". "),
    "office": ("le ministre marocain Karim Zidane{i}", ", "),
    "office-sent": ("Le ministre marocain Karim Zidane{i} a rencontré le président chinois", ". "),
    "partner": ("un partenariat entre la France et le Maroc{i}", ", "),
    "partner-sent": ("La France et le Maroc ont signé un partenariat le {d} mars", ". "),
    "caps": ("Zorblax{i} Quux{i}", " "),
    "states": ("France, Chine, Maroc, Inde", ", "),
    "dates": ("le 3 mars 2024 et le 4 avril", ", "),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kinds", nargs="*", default=list(KINDS))
    parser.add_argument("--sizes", default="10000,20000,40000")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    sizes = [int(size) for size in args.sizes.split(",")]
    for kind in args.kinds:
        phrase, separator = KINDS[kind]
        previous = None
        for n in sizes:
            folder = WORK / kind
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            text = separator.join(phrase.format(i=i, d=1 + i % 28) for i in range(n)) + ".\n"
            (folder / "a.txt").write_text(text, encoding="utf-8")
            report = WORK / "time.txt"
            start = time.perf_counter()
            try:
                subprocess.run(
                    ["/usr/bin/time", "-f", "%M", "-o", str(report), str(BIN), "extract", str(folder), "--threads", "1"],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=args.timeout, check=True,
                )
            except subprocess.TimeoutExpired:
                print(f"{kind:13} {n:>7} x  {len(text) / 1e6:6.2f} MB  over {args.timeout:.0f} s")
                break
            elapsed = time.perf_counter() - start
            peak = int(report.read_text().split()[-1]) // 1024
            ratio = f"x{elapsed / previous:.1f}" if previous else ""
            print(f"{kind:13} {n:>7} x  {len(text) / 1e6:6.2f} MB  {elapsed:7.2f} s  {peak:6} MiB  {ratio}")
            previous = elapsed


if __name__ == "__main__":
    main()
