"""Small tables written by hand, for tests of what reads the tables (query, compare, report).

A test says what documents and facts it needs; these helpers fill in the other columns, find
each fact's offsets in the document's text, and publish the tables like an ingest would.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from extractor.tables import SCHEMAS, to_arrow
from extractor.tablestore import TableStore


def doc_id(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def document(
    name: str,
    text: str,
    *,
    area: str | None,
    partnership: str | None = None,
    kind: str = "annual_report",
    period: tuple[date | None, date | None, str | None] = (None, None, None),
    **columns: Any,
) -> dict[str, Any]:
    """A document row (and its text, under the key `text`)."""
    start, end, label = period
    row = {
        "doc_id": doc_id(name),
        "path": name,
        "also_at": [],
        "content_type": "application/pdf",
        "n_pages": 3,
        "n_chars": len(text),
        "n_bytes": len(text),
        "ocr": False,
        "status": "ok",
        "parsed_at": datetime(2025, 1, 1, tzinfo=UTC),
        "extractor_version": "test",
        "partnership": partnership or (f"{area} Safeguarding Children Partnership" if area else None),
        "partnership_area": area,
        "kind": kind,
        "period_label": label,
        "period_start": start,
        "period_end": end,
        "text": text,
    }
    row.update(columns)
    return row


def fact(
    doc: dict[str, Any], evidence: str, *, page: int | None = 1, sentence: str | None = None, occurrence: int = 0, **columns: Any
) -> dict[str, Any]:
    """A fact row whose evidence is the `occurrence`-th `evidence` in the document's text."""
    text = doc["text"]
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(evidence, start + 1)
    return {
        "doc_id": doc["doc_id"],
        "page": page,
        "char_start": start,
        "char_end": start + len(evidence),
        "evidence": evidence,
        "sentence": sentence or evidence,
        **columns,
    }


def link(doc: dict[str, Any], anchor: str, uri: str, page: int | None = 1) -> dict[str, Any]:
    start = doc["text"].index(anchor)
    return {"doc_id": doc["doc_id"], "page": page, "uri": uri, "text": anchor, "char_start": start, "char_end": start + len(anchor)}


def paragraphs(doc: dict[str, Any], page: int | None = 1) -> list[dict[str, Any]]:
    """One paragraph block per blank-line-separated part of the document's text."""
    rows, start = [], 0
    for seq, part in enumerate(doc["text"].split("\n\n")):
        rows.append(
            {"doc_id": doc["doc_id"], "page": page, "seq": seq, "kind": "paragraph", "text": part, "char_start": start, "char_end": start + len(part)}
        )
        start += len(part) + 2
    return rows


def publish(root: Path | str, documents: list[dict[str, Any]] = (), **facts: list[dict[str, Any]]) -> Path | str:  # type: ignore[assignment]
    """Publish `documents` (with their texts and, unless given, one block per paragraph) and `facts`
    (table name → rows) as the tables under `root`."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMAS}
    for doc in documents:
        rows["documents"].append({key: value for key, value in doc.items() if key != "text"})
        rows["texts"].append({"doc_id": doc["doc_id"], "text": doc["text"]})
        if "blocks" not in facts:
            rows["blocks"].extend(paragraphs(doc))
    for name, items in facts.items():
        rows[name].extend(items)
    TableStore(root).publish({name: to_arrow(name, items) for name, items in rows.items()})
    return root
