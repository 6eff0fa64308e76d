"""Operations the command line and the flows share, each a whole job over settings.

Only what needs more than one stage lives here; the stages themselves stay in their modules."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from .config import Settings
from .evaluate import details, load_gold, score_documents, summarise
from .ingest import ingest
from .query import read_tables


def evaluate(settings: Settings, gold: Path, corpus: Path | None = None, by: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Scores of the tables in `settings.out` against the gold folder, and the misses and extras.

    With `corpus`, its documents are ingested first (plain Python, into a scratch folder), so
    `extractor evaluate --corpus corpus/genre/docs --gold corpus/genre/gold` scores the
    development corpus without touching the published tables."""
    golds = load_gold(gold)
    if corpus is None:
        return _scored(golds, settings, by)
    if not corpus.is_dir():
        raise FileNotFoundError(f"The corpus folder {corpus} does not exist; pass --corpus with a folder of documents.")
    with tempfile.TemporaryDirectory(prefix="extractor-evaluate-") as scratch:
        scratch_settings = settings.model_copy(update={"corpus": corpus, "out": Path(scratch), "corpus_exclude": []})
        ingest(scratch_settings, force=True, source="local")
        return _scored(golds, scratch_settings, by)


def _scored(golds: list, settings: Settings, by: str | None) -> tuple[pd.DataFrame, list[str]]:
    frames = read_tables(settings.out)
    scores = score_documents(golds, frames)
    return summarise(scores, by), details(scores, frames.get("dropped"))
