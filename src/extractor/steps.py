"""Operations the command line and the flows share, each a whole job over settings.

Only what needs more than one stage lives here; the stages themselves stay in their modules."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .compare import Comparison, build, select, write
from .config import Settings
from .evaluate import Gold, details, load_gold, score_documents, summarise
from .ingest import ingest
from .location import Location, join
from .query import read_tables
from .report import notice, render_comparison, render_document, write_html
from .tables import COMPARISON_FOLDER


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


def _scored(golds: list[Gold], settings: Settings, by: str | None) -> tuple[pd.DataFrame, list[str]]:
    frames = read_tables(settings.out)
    scores = score_documents(golds, frames)
    return summarise(scores, by), details(scores, frames.get("dropped"))


@dataclass
class CompareSummary:
    """What a compare run did, for the command line and the flow's artifact."""

    html: Path
    tables: Location
    partnerships: list[str]
    missing: list[str]
    notice: str | None
    rows: dict[str, int]

    def line(self) -> str:
        who = " and ".join(self.partnerships) if len(self.partnerships) <= 2 else f"{len(self.partnerships)} partnerships"
        what = f"Compared {who}" if len(self.partnerships) > 1 else (f"Only {who}" if self.partnerships else "No partnerships")
        return f"{what}: report {self.html}; comparison tables in {join(self.tables, COMPARISON_FOLDER)}."

    def markdown(self) -> str:
        lines = ["# Comparison", "", f"- report: `{self.html}`", f"- partnerships: {', '.join(self.partnerships) or 'none'}"]
        if self.missing:
            lines.append(f"- not found: {', '.join(self.missing)}")
        if self.notice:
            lines.append(f"- note: {self.notice}")
        lines += ["", "| table | rows |", "| --- | --- |", *(f"| {name} | {count} |" for name, count in self.rows.items())]
        return "\n".join(lines) + "\n"


SHOW_FOLDER = "show"  # the documents' review pages, beside the report (as `extractor show` writes them)


def publish_report(comparison: Comparison, frames: dict[str, pd.DataFrame], wanted: Sequence[str], tables: Location, html: Path) -> CompareSummary:
    """Write the HTML report of the partnerships `wanted` names (all when none) to `html`, and the
    review page of each document it cites to `show/` beside it, so every fact links to its page."""
    chosen = select(comparison, wanted)
    pages: dict[str, str] = {}
    for doc_id in chosen.documents["doc_id"]:
        _, page = render_document(frames, doc_id)
        relative = f"{SHOW_FOLDER}/{doc_id[:12]}.html"
        write_html(page, html.parent / relative)
        pages[doc_id] = relative
    write_html(render_comparison(chosen, tables=str(tables), asked=list(wanted), show_pages=pages), html)
    return CompareSummary(
        html=html,
        tables=tables,
        partnerships=chosen.partnerships,
        missing=chosen.missing,
        notice=notice(chosen),
        rows={name: len(frame) for name, frame in comparison.tables().items()},
    )


def compare(settings: Settings, partnerships: Sequence[str], html: Path) -> CompareSummary:
    """The compare step: read the tables in `settings.out`, write the comparison tables beside
    them, then the report of `partnerships` (all when none) to `html`."""
    frames = read_tables(settings.out)
    comparison = build(frames)
    write(comparison, settings.out)
    return publish_report(comparison, frames, partnerships, settings.out, html)
