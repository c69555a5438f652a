#!/usr/bin/env python3
"""Generate a corpus of N articles by replicating and varying the real ones.

    python3 bench/gen_corpus.py N OUT_DIR [--seed S]

Each article is a seed or development article (data/corpus, data/dev) with its states
swapped for others (names and adjectives), its years and days of the month shifted, and
its body sentences shuffled (the first line, the headline, stays first). A manifest.csv
gives each a publication date. Deterministic for a seed: the same N and seed give the same
bytes, so that benchmark runs compare.
"""

import argparse
import csv
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# French state names with their masculine adjective; swapped as pairs.
STATES = [
    ("la France", "français"), ("l'Inde", "indien"), ("le Japon", "japonais"), ("le Brésil", "brésilien"),
    ("l'Allemagne", "allemand"), ("le Canada", "canadien"), ("le Kenya", "kényan"), ("l'Égypte", "égyptien"),
    ("le Mexique", "mexicain"), ("la Turquie", "turc"), ("la Corée du Sud", "sud-coréen"), ("l'Italie", "italien"),
    ("le Sénégal", "sénégalais"), ("l'Indonésie", "indonésien"), ("l'Australie", "australien"), ("la Norvège", "norvégien"),
]
SWAPPABLE = ["le Maroc", "la Chine", "la Russie", "Israël", "les États-Unis", "la France", "l'Inde"]


def vary(text: str, rng: random.Random) -> str:
    lines = text.splitlines()
    head, body = lines[:1], lines[1:]
    # Shuffle sentences inside the body, keep line structure loosely.
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(body)) if s.strip()]
    rng.shuffle(sentences)
    body_text = "\n".join(sentences)
    text = "\n".join(head) + "\n" + body_text + "\n"
    # Swap one or two states for others.
    for name in rng.sample(SWAPPABLE, 2):
        new, _ = rng.choice(STATES)
        text = text.replace(name, new).replace(name[0].upper() + name[1:], new[0].upper() + new[1:])
    # Shift years and days of the month.
    shift = rng.randint(-3, 3)
    text = re.sub(r"\b(20[12]\d)\b", lambda m: str(int(m.group(1)) + shift), text)
    text = re.sub(r"\b([12]?\d) (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b",
                  lambda m: f"{rng.randint(1, 28)} {m.group(2)}", text)
    return text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sources = sorted((ROOT / "data" / "corpus").glob("*.txt")) + sorted((ROOT / "data" / "dev").glob("*.txt"))
    texts = [path.read_text(encoding="utf-8") for path in sources]
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "manifest.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["doc", "lang", "published"])
        for index in range(args.n):
            source = rng.randrange(len(texts))
            name = f"g{index:06d}.txt"
            (args.out / name).write_text(vary(texts[source], rng), encoding="utf-8")
            lang = "en" if "_en_" in sources[source].name else "fr"
            published = f"{rng.randint(2022, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            writer.writerow([name, lang, published])


if __name__ == "__main__":
    main()
