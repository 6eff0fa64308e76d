"""Benchmark of the extraction step alone: words per second over the corpus text.

Measured in one run, on the same machine, against a baseline: `spacy.blank("en")` with the
built-in sentencizer over the same texts (the cheapest spaCy pass there is). Parsing is done
once beforehand and not timed.

    python benchmarks/extraction.py [--repeat N]
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import time
from pathlib import Path

import spacy

from extractor.nlp import extract, load_pipeline
from extractor.parse import parse_bytes

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="passes over the corpus (default 20)")
    args = parser.parse_args()

    documents = []
    for path in sorted(CORPUS.iterdir()):
        if path.suffix in (".pdf", ".html"):
            data = path.read_bytes()
            documents.append(parse_bytes(data, hashlib.sha256(data).hexdigest()))
    words = sum(len(d.text.split()) for d in documents) * args.repeat

    load_pipeline()  # load vocabularies and matchers before timing
    started = time.perf_counter()
    for _ in range(args.repeat):
        for document in documents:
            extract(document)
    ours = time.perf_counter() - started

    baseline_nlp = spacy.blank("en")
    baseline_nlp.add_pipe("sentencizer")
    started = time.perf_counter()
    for _ in range(args.repeat):
        for document in documents:
            baseline_nlp(document.text)
    baseline = time.perf_counter() - started

    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, spaCy {spacy.__version__}")
    print(f"corpus: {len(documents)} documents, {words // args.repeat:,} words, {args.repeat} passes")
    print(f"extraction (pipeline + rows): {words / ours:12,.0f} words/s")
    print(f"baseline (blank + sentencizer): {words / baseline:10,.0f} words/s")
    print(f"ratio extraction / baseline: {ours / baseline:.1f}x the baseline's time")


if __name__ == "__main__":
    main()
