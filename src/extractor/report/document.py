"""The per-document review page: the document's text, block by block, with every extracted fact
highlighted where its evidence is and labelled with what was read, so a researcher can check the
extraction against the source at a glance.

The text is cut into pieces at every block, fact and link boundary; each piece knows which facts
cover it, so overlapping facts are all shown. No HTML is built here: the template escapes it all.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import pandas as pd

from ..compare import documents_with_periods, humanise_key, period_name
from ..compare.names import records
from ..errors import DocumentNotFound
from .labels import (
    document_kind,
    file_name,
    integer,
    recommendation_kind,
    review_kind,
    text,
    value_text,
)
from .links import safe_href

FACT_KINDS = ("priority", "statistic", "review", "recommendation")
FACT_TABLES = {"priority": "priorities", "statistic": "statistics", "review": "reviews", "recommendation": "recommendations"}
MIN_PREFIX = 4  # shortest doc_id prefix accepted


@dataclass
class Fact:
    id: str
    kind: str
    start: int
    end: int
    short: str  # the label beside the highlight
    detail: str  # what was read, in full
    page: int | None
    evidence: str
    located: bool = False  # inside a block of the text shown


@dataclass
class Piece:
    text: str
    facts: list[Fact] = field(default_factory=list)
    starts: list[Fact] = field(default_factory=list)  # facts whose highlight begins here (anchor targets)
    ends: list[Fact] = field(default_factory=list)  # facts whose label goes after this piece
    link: dict[str, Any] | None = None


def find_document(documents: pd.DataFrame, wanted: str) -> dict[str, Any]:
    """The document `wanted` names: a doc_id or a prefix of one (at least 4 characters), its path
    (as in the tables, or a file whose bytes are the document), or a file name."""
    rows = records(documents)
    key = wanted.strip()
    exact = [row for row in rows if row["doc_id"] == key.lower() or row["path"] == key or key in _paths(row.get("also_at"))]
    if exact:
        return exact[0]
    file = Path(key)
    if file.is_file():
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
        found = [row for row in rows if row["doc_id"] == digest]
        if found:
            return found[0]
    candidates = []
    if len(key) >= MIN_PREFIX and all(c in "0123456789abcdef" for c in key.lower()):
        candidates = [row for row in rows if row["doc_id"].startswith(key.lower())]
    if not candidates:
        candidates = [row for row in rows if file_name(row["path"]) == file.name or str(row["path"]).endswith("/" + key)]
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) > 1:
        listed = ", ".join(f"{row['doc_id'][:12]} ({row['path']})" for row in candidates[:10])
        raise DocumentNotFound(wanted, f"matches {len(candidates)} documents: {listed}. Give more of the doc_id.")
    raise DocumentNotFound(
        wanted,
        "no such document in the tables. Give a doc_id (or its first characters) or a path from "
        '`extractor query "select doc_id, path from documents"`.',
    )


def _paths(value: Any) -> list[str]:
    return [] if value is None or isinstance(value, float) else [str(item) for item in value]


def document_context(frames: dict[str, pd.DataFrame], wanted: str) -> dict[str, Any]:
    """Everything the review page of the document `wanted` names shows."""
    documents = frames["documents"]
    row = find_document(documents, wanted)
    doc_id = row["doc_id"]
    texts = frames["texts"]
    full = texts.loc[texts["doc_id"] == doc_id, "text"]
    body = str(full.iloc[0]) if len(full) and text(full.iloc[0]) is not None else ""
    facts = _facts(frames, doc_id)
    links = _links(frames.get("links"), doc_id, len(body))
    blocks = _blocks(frames.get("blocks"), doc_id, body, facts, links)
    by_kind = {kind: sum(1 for fact in facts if fact.kind == kind) for kind in FACT_KINDS}
    described = documents_with_periods(documents[documents["doc_id"] == doc_id].assign(status="ok"))
    period = described["period"].iloc[0] if len(described) else period_name(None, None, text(row.get("period_label")))
    return {
        "title": text(row.get("title")) or file_name(text(row["path"])),
        "doc_id": doc_id,
        "path": text(row["path"]),
        "href": safe_href(text(row.get("source_url")) or text(row["path"])),
        "name": file_name(text(row["path"])),
        "partnership": text(row.get("partnership")) or "not identified",
        "area": text(row.get("partnership_area")),
        "kind": document_kind(text(row.get("kind"))),
        "period": period,
        "period_label": text(row.get("period_label")),
        "status": row.get("status"),
        "error": text(row.get("error")),
        "n_pages": integer(row.get("n_pages")),
        "facts": facts,
        "counts": by_kind,
        "blocks": blocks,
        "links": links,
        "unlocated": [fact for fact in facts if not fact.located],
        "has_text": bool(body),
    }


def _facts(frames: dict[str, pd.DataFrame], doc_id: str) -> list[Fact]:
    found: list[Fact] = []
    for kind in FACT_KINDS:
        table = frames.get(FACT_TABLES[kind])
        if table is None or table.empty:
            continue
        for row in records(table[table["doc_id"] == doc_id]):
            short, detail = _describe(kind, row)
            found.append(
                Fact(
                    id="",
                    kind=kind,
                    start=int(row["char_start"]),
                    end=int(row["char_end"]),
                    short=short,
                    detail=detail,
                    page=integer(row.get("page")),
                    evidence=str(row["evidence"]),
                )
            )
    found.sort(key=lambda fact: (fact.start, -fact.end, FACT_KINDS.index(fact.kind)))
    for number, fact in enumerate(found, start=1):
        fact.id = f"fact-{number}"
    return found


def _describe(kind: str, row: dict[str, Any]) -> tuple[str, str]:
    if kind == "priority":
        key = text(row.get("priority_key"))
        rank = integer(row.get("rank"))
        plan = text(row.get("plan_period"))
        short = f"priority{f' {rank}' if rank else ''}: {humanise_key(key) if key else row['priority']}"
        detail = (
            f"Priority “{row['priority']}”"
            + (f", number {rank} in the list" if rank else "")
            + (f", theme {key}" if key else "")
            + (f", plan {plan}" if plan else "")
        )
        return short, detail
    if kind == "statistic":
        figure = value_text(float(row["value"]), row["unit"], text(row.get("qualifier")))
        metric = text(row.get("metric"))
        when = text(row.get("stat_period"))
        short = f"statistic: {figure}" + (f" · {humanise_key(metric)}" if metric else "")
        detail = (
            f"Statistic {figure} ({row['unit']})"
            + (f", counts “{text(row.get('label'))}”" if text(row.get("label")) else "")
            + (f", measure {metric}" if metric else ", no recognised measure")
            + (f", period {when}" if when else "")
        )
        return short, detail
    if kind == "review":
        listed = row.get("themes")
        themes = [str(theme) for theme in (listed if listed is not None else [])]
        status = text(row.get("status"))
        short = f"review: {row['name']} · {text(row.get('kind')) or 'kind?'}"
        detail = (
            f"Review “{row['name']}”: {review_kind(text(row.get('kind')))}"
            + (f", {status}" if status else ", status not stated")
            + (f", themes: {', '.join(themes)}" if themes else ", no themes")
        )
        return short, detail
    addressee = text(row.get("addressee"))
    action = text(row.get("action"))
    short = "recommendation" + (f": {action}" if action else "")
    detail = (
        f"Recommendation “{row['text']}”"
        + (f" to {addressee}" if addressee else "")
        + (f" ({recommendation_kind(text(row.get('source_kind')))})" if text(row.get("source_kind")) else "")
    )
    return short, detail


def _links(links: pd.DataFrame | None, doc_id: str, length: int) -> list[dict[str, Any]]:
    if links is None or links.empty:
        return []
    result = []
    for row in records(links[links["doc_id"] == doc_id]):
        start, end = integer(row.get("char_start")), integer(row.get("char_end"))
        placed = start is not None and end is not None and 0 <= start < end <= length
        result.append(
            {
                "uri": str(row["uri"]),
                "href": safe_href(row["uri"]),
                "text": text(row.get("text")),
                "page": integer(row.get("page")),
                "start": start if placed else None,
                "end": end if placed else None,
            }
        )
    return result


def _blocks(blocks: pd.DataFrame | None, doc_id: str, body: str, facts: list[Fact], links: list[dict[str, Any]]) -> list[dict[str, Any]]:
    spans: list[tuple[str, int | None, int, int]] = []
    if blocks is not None and not blocks.empty:
        mine = blocks[blocks["doc_id"] == doc_id].sort_values("seq")
        spans = [(str(row["kind"]), integer(row["page"]), int(row["char_start"]), int(row["char_end"])) for row in records(mine)]
    if not spans and body:
        spans = [("paragraph", None, 0, len(body))]
    result = []
    previous_page: int | None = None
    anchored: set[str] = set()
    labelled: set[str] = set()
    for kind, page, start, end in spans:
        pieces = _pieces(body, start, end, facts, links, anchored, labelled)
        result.append({"kind": kind, "page": page, "new_page": page is not None and page != previous_page, "pieces": pieces})
        previous_page = page if page is not None else previous_page
    return result


def _pieces(body: str, start: int, end: int, facts: list[Fact], links: list[dict[str, Any]], anchored: set[str], labelled: set[str]) -> list[Piece]:
    """The block [start, end) cut at every fact and link edge. A fact's anchor goes on the first piece it
    covers, its label after the last one in the block where it ends (or the first block it leaves)."""
    inside = [fact for fact in facts if fact.start < end and fact.end > start and fact.end > fact.start]
    placed = [link for link in links if link["start"] is not None and link["start"] < end and link["end"] > start]
    cuts = {start, end}
    for fact in inside:
        fact.located = True
        cuts.update(value for value in (fact.start, fact.end) if start < value < end)
    for linked in placed:
        cuts.update(value for value in (linked["start"], linked["end"]) if start < value < end)
    edges = sorted(cuts)
    pieces = []
    for left, right in pairwise(edges):
        covering = [fact for fact in inside if fact.start < right and fact.end > left]
        link = next((link for link in placed if link["start"] < right and link["end"] > left), None)
        starts = [fact for fact in covering if fact.id not in anchored]
        ends = [fact for fact in covering if min(fact.end, end) == right and fact.id not in labelled]
        anchored.update(fact.id for fact in starts)
        labelled.update(fact.id for fact in ends)
        pieces.append(Piece(text=body[left:right], facts=covering, starts=starts, ends=ends, link=link))
    return pieces
