#!/usr/bin/env python3
"""Generate data/states.tsv and data/states.aliases.tsv from data/sources/countries/.

Run from the repository root:  python3 data/gen/states.py

The generated files are committed; this script documents how they were made and
regenerates them when the sources change. It reads data/sources/countries/, and
data/aliases.tsv only to leave the capitals that table gives to an actor to it.
Hand-written additions (metonyms, epithets, compound prefixes, corrections) live in
data/actors.tsv and data/aliases.tsv, never in the generated files.
"""

import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "data" / "sources" / "countries"
OUT_STATES = ROOT / "data" / "states.tsv"
OUT_ALIASES = ROOT / "data" / "states.aliases.tsv"

# Territories that news treats as actors in their own right, beside the independent states.
EXTRA_STATES = {"TWN", "PSE", "UNK"}
# Territories kept as places (they host firms and events but do not sign agreements).
PLACES = {"HKG", "MAC", "GRL", "PRI", "ESH"}

# Two-letter codes are too ambiguous in running text ("MA", "IN", "IT"); these two are not.
KEEP_SHORT = {"US", "UK"}
# Aliases from the sources that are wrong, colloquial or ambiguous in news text.
REJECT = {
    "les états", "states", "the states", "états", "amérique", "america",
    "chine communiste", "great britain", "grande-bretagne",
}
# "Grande-Bretagne" is re-added by hand as an alias of the United Kingdom (data/aliases.tsv)
# so that it stays visible as a reviewed choice; so is "Vatican", which the demonym rule
# in main() drops.

# Capitals that are as often a person's first name, a surname or another city in news
# text ("Sofia", "Victoria", "Moroni", "San José" in California, "Georgetown" the
# university): they stay unknown words.
CAPITAL_REJECT = {"sofia", "victoria", "moroni", "santiago", "san josé", "georgetown", "kingston"}

LATIN = re.compile(r"^[0-9A-Za-zÀ-ÖØ-öø-ÿŒœŠšŽžŸ'’ .,()\-]+$")


def clean(label: str) -> str | None:
    label = label.strip()
    for article in ("the ", "The "):
        if label.startswith(article):
            label = label[len(article):]
    if not label or not LATIN.match(label):
        return None
    if label.lower() in REJECT:
        return None
    letters = label.replace(".", "")
    if len(letters) <= 2 and letters not in KEEP_SHORT:
        return None
    if label.islower() and len(label) <= 3:
        return None
    if "," in label:  # "Korea, Republic of": catalogue order, never in prose.
        return None
    return label


def french_plural(word: str) -> str:
    if word.endswith(("s", "x", "z")):
        return word
    if word.endswith("al"):
        return word[:-2] + "aux"
    return word + "s"


def english_plural(word: str) -> str:
    if word.endswith(("ese", "ss", "ch", "sh")) or word.endswith("s"):
        return word
    return word + "s"


def main() -> int:
    countries = json.loads((SRC / "countries.json").read_text(encoding="utf-8"))
    wikidata = {}
    with open(SRC / "wikidata.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            wikidata[row["iso3"]] = row["wikidata"]
    source_aliases: dict[str, set[tuple[str, str]]] = {}
    with open(SRC / "aliases-fr-en.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            label = clean(row["label"])
            if label:
                source_aliases.setdefault(row["iso3c"], set()).add((row["language"], label))

    # A capital the hand-written table already gives to an actor is left to it
    # ("Brussels" is the EU's seat there, not Belgium's).
    hand_forms = set()
    with open(ROOT / "data" / "aliases.tsv", encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) == 4 and not line.startswith("#"):
                hand_forms.add(fields[3].lower())

    states = []
    aliases: set[tuple[str, str, str, str]] = set()
    capitals: list[tuple[str, str]] = []
    for country in countries:
        iso3 = country["cca3"]
        if not (country.get("independent") or iso3 in EXTRA_STATES or iso3 in PLACES):
            continue
        actor = iso3.lower()
        kind = "place" if iso3 in PLACES else "state"
        name_fr = country["translations"]["fra"]["common"]
        official_fr = country["translations"]["fra"]["official"]
        name_en = country["name"]["common"]
        official_en = country["name"]["official"]
        # The sources write some French common names in catalogue form.
        if "(" in name_fr:
            name_fr = official_fr
        states.append((actor, country["cca2"], kind, wikidata.get(iso3, ""), name_fr, name_en))
        for lang, name in (("fr", name_fr), ("fr", official_fr), ("en", name_en), ("en", official_en)):
            name = clean(name)
            if name:
                aliases.add((actor, lang, "name", name))
        for spelling in country.get("altSpellings", []):
            spelling = clean(spelling)
            if spelling and spelling.isupper():
                aliases.add((actor, "*", "abbrev", spelling))
        demonyms = country.get("demonyms", {})
        french = demonyms.get("fra", {})
        # The alias list gives some demonyms as names ("Brésilien", "Chypriotes"): a
        # capitalised demonym is a person, not the state. A common or official name
        # stays a name even when it is also a demonym ("Argentine", "Djibouti").
        demonym_forms = set()
        for lang_code, lang in (("fra", "fr"), ("eng", "en")):
            for form in demonyms.get(lang_code, {}).values():
                if form:
                    plural = french_plural if lang == "fr" else english_plural
                    demonym_forms |= {(lang, form.lower()), (lang, plural(form.lower()))}
        canonical = {(lang, name) for (who, lang, kind_of, name) in aliases if who == actor and kind_of == "name"}
        for lang, label in source_aliases.get(iso3, ()):
            kind_of = "abbrev" if label.replace(".", "").isupper() else "name"
            if kind_of == "name" and (lang, label.lower()) in demonym_forms and (lang, label) not in canonical:
                continue
            aliases.add((actor, lang, kind_of, label))
        if kind == "place":
            continue
        for capital in country.get("capital", []):
            capital = clean(capital)
            if capital and capital.lower() not in CAPITAL_REJECT | hand_forms:
                capitals.append((actor, capital))
        for form in {french.get("m", ""), french.get("f", "")}:
            if form:
                form = form.lower()
                aliases.add((actor, "fr", "demonym", form))
                aliases.add((actor, "fr", "demonym", french_plural(form)))
        english = demonyms.get("eng", {})
        for form in {english.get("m", ""), english.get("f", "")}:
            if form:
                aliases.add((actor, "en", "demonym", form))
                aliases.add((actor, "en", "demonym", english_plural(form)))

    # Every capital stands for its state's government in both languages ("Lusaka" in
    # French and English news alike), unless it is also a state's name ("Singapore").
    names = {alias.lower() for (_, _, kind_of, alias) in aliases if kind_of in ("name", "abbrev")}
    for actor, capital in capitals:
        if capital.lower() not in names:
            aliases.add((actor, "*", "metonym", capital))

    states.sort()
    with open(OUT_STATES, "w", encoding="utf-8", newline="") as handle:
        handle.write("# generated by data/gen/states.py from data/sources/countries/ (ODbL, CC0, CC BY 4.0)\n")
        handle.write("id\tiso2\ttype\twikidata\tname_fr\tname_en\n")
        for row in states:
            handle.write("\t".join(row) + "\n")
    with open(OUT_ALIASES, "w", encoding="utf-8", newline="") as handle:
        handle.write("# generated by data/gen/states.py from data/sources/countries/ (ODbL, CC0, CC BY 4.0)\n")
        handle.write("actor\tlang\tkind\talias\n")
        for row in sorted(aliases):
            handle.write("\t".join(row) + "\n")
    print(f"{len(states)} states and places, {len(aliases)} aliases", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
