#!/usr/bin/env python3
"""Check the bundled gold (tests/gold/*.json) against the documents in corpus/, as
corpus/genre/check_gold.py checks the development corpus: the text is read the same way
(pdftotext reading order for PDF, lxml for HTML), so the two corpora are held to one standard.

Usage:  python3 tests/gold/check_gold.py

Checks, for each gold file:
  - "document" names a file in corpus/; top-level "partnership"/"period" equal the metadata's;
  - partnership and period (when not null), every priority, recommendation text and review
    name is a substring of the text after whitespace normalisation;
  - review kinds and statistic units are LABELLING.md's;
  - every statistic quote is in the text, holds its value (digits, a number word, or a
    fraction word for a percentage) and its qualifier.
Exits 1 if anything failed.
"""

import importlib.util
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
GOLD = ROOT / "tests" / "gold"

_spec = importlib.util.spec_from_file_location("genre_check", CORPUS / "genre" / "check_gold.py")
genre = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(genre)

KINDS = {"SCR", "CSPR", "LCSPR", "rapid review", "learning review", "thematic review", "other"}
NUMBER_WORDS = {1000: ["thousand"]}
FRACTION_WORDS = {33.3: ["one-third", "a third"], 50: ["half"], 25: ["a quarter", "one-quarter"], 66.7: ["two-thirds"], 75: ["three-quarters"]}


def value_in(quote: str, value, unit: str) -> bool:
    if genre.value_in(quote, value, unit):
        return True
    words = NUMBER_WORDS.get(value, []) + (FRACTION_WORDS.get(value, []) if unit == "percent" else [])
    return any(re.search(r"\b" + re.escape(w) + r"\b", quote, re.I) for w in words)


def check(path: Path) -> list[str]:
    g = json.loads(path.read_text(encoding="utf-8"))
    errs = []
    source = CORPUS / g["document"]
    if path.name != g["document"] + ".json" or not source.exists():
        return [f"no document {g['document']!r} for {path.name}"]
    text = genre.norm(genre.doc_text(str(source)))

    def sub(s, what):
        if not isinstance(s, str) or not s:
            errs.append(f"{what}: empty or not a string")
        elif genre.norm(s) not in text:
            errs.append(f"{what} not in text: {s[:90]!r}")

    for key, meta in (("partnership", "partnership"), ("period", "period_label")):
        if g.get(key) != g["metadata"].get(meta):
            errs.append(f"{key} {g.get(key)!r} differs from metadata {meta}")
        if g.get(key) is not None:
            sub(g[key], key)
    for p in g["priorities"]:
        sub(p["priority"], "priority")
    for r in g["recommendations"]:
        sub(r["text"], "recommendation")
    for r in g["reviews"]:
        sub(r["name"], "review name")
        if r["kind"] not in KINDS:
            errs.append(f"review kind {r['kind']!r}")
    for s in g["statistics"]:
        if s["unit"] not in genre.UNITS:
            errs.append(f"unit {s['unit']!r}")
        sub(s["quote"], "quote")
        if not value_in(genre.norm(s["quote"]), s["value"], s["unit"]):
            errs.append(f"value {s['value']} not in quote {s['quote']!r}")
        if s["qualifier"] is not None and s["qualifier"].lower() not in s["quote"].lower():
            errs.append(f"qualifier {s['qualifier']!r} not in quote {s['quote']!r}")
    return errs


def main() -> int:
    bad = 0
    for path in sorted(GOLD.glob("*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        errs = check(path)
        counts = " ".join(f"{k[:4]}{len(g[k])}" for k in ("priorities", "statistics", "reviews", "recommendations"))
        print(f"{'BAD' if errs else 'OK '} {g['document']:62s} {counts}")
        for e in errs:
            print("     - " + e)
        bad += bool(errs)
    print("OK" if not bad else f"{bad} file(s) with errors")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
