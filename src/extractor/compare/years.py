"""Reporting years: the documents of one partnership that report on the same year, as one.

A committee paper presenting an annual report, the report and its summary cover the same year,
even when one says "January to December 2023" and another "2023-24": documents of a
partnership whose periods (a year or shorter) overlap by at least half of the shorter one are
one reporting year, named after all of them ("2023 / 2023-24"). Longer periods (a three-year
plan) and undated documents are reporting years of their own, by the period as written.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from .names import MIXED, as_date, integer, period_kind, period_name, records, text

YEAR_DAYS = 400  # longest period grouped with others as a reporting year
DOCUMENT_COLUMNS = [
    "doc_id",
    "path",
    "source_url",
    "title",
    "kind",
    "content_type",
    "n_pages",
    "partnership_name",
    "partnership",
    "period",
    "period_kind",
    "period_start",
    "period_end",
    "document_period",
    "period_label",
    "document_start",
    "document_end",
    "meeting_date",
    "meeting_body",
    "status",
]


def documents_with_periods(documents: pd.DataFrame) -> pd.DataFrame:
    """The documents that can be compared (read, with a partnership), `partnership` set to the
    area, each with its reporting year (`period`, `period_kind`, `period_start`, `period_end`)
    and its own period (`document_period`, `document_start`, `document_end`)."""
    if documents.empty:
        return pd.DataFrame({name: pd.Series(dtype="object") for name in DOCUMENT_COLUMNS})
    rows = []
    for row in records(documents):
        name, area = text(row.get("partnership")), text(row.get("partnership_area"))
        start, end = as_date(row.get("period_start")), as_date(row.get("period_end"))
        label = text(row.get("period_label"))
        rows.append(
            {
                "doc_id": row["doc_id"],
                "path": row.get("path"),
                "source_url": text(row.get("source_url")),
                "title": text(row.get("title")),
                "kind": text(row.get("kind")),
                "content_type": text(row.get("content_type")),
                "n_pages": integer(row.get("n_pages")),
                "partnership_name": name,
                "partnership": area or name,
                "document_period": period_name(start, end, label),
                "period_label": label,
                "document_start": start,
                "document_end": end,
                "meeting_date": as_date(row.get("meeting_date")),
                "meeting_body": text(row.get("meeting_body")),
                "status": row.get("status"),
            }
        )
    usable = [row for row in rows if row["status"] == "ok" and row["partnership"]]
    for group in _reporting_years(usable):
        _name(group)
    return pd.DataFrame(usable, columns=DOCUMENT_COLUMNS)


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """At least half of the shorter period is inside the other."""
    days: int = (min(a["document_end"], b["document_end"]) - max(a["document_start"], b["document_start"])).days + 1
    shorter: int = min((a["document_end"] - a["document_start"]).days, (b["document_end"] - b["document_start"]).days) + 1
    return days > 0 and days * 2 >= shorter


def _yearlike(row: dict[str, Any]) -> bool:
    start, end = row["document_start"], row["document_end"]
    return start is not None and end is not None and 0 <= (end - start).days <= YEAR_DAYS


def _reporting_years(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    groups: list[list[dict[str, Any]]] = []
    by_name: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda r: (r["partnership"], r["document_start"] or date.max, str(r["path"]))):
        if _yearlike(row):
            home = next(
                (
                    group
                    for group in groups
                    if group[0]["partnership"] == row["partnership"] and _yearlike(group[0]) and any(_overlap(row, member) for member in group)
                ),
                None,
            )
            if home is not None:
                home.append(row)
                continue
            groups.append([row])
            continue
        key = (row["partnership"], row["document_period"])
        if key not in by_name:
            by_name[key] = []
            groups.append(by_name[key])
        by_name[key].append(row)
    return groups


def _name(group: list[dict[str, Any]]) -> None:
    """Name the reporting year after its documents' periods, earliest first; its span is theirs."""
    ordered = sorted(group, key=lambda r: (r["document_start"] or date.max, r["document_end"] or date.max))
    names = list(dict.fromkeys(row["document_period"] for row in ordered))
    kinds = {period_kind(row["document_start"], row["document_end"]) for row in group}
    starts = [row["document_start"] for row in group if row["document_start"] is not None]
    ends = [row["document_end"] for row in group if row["document_end"] is not None]
    kind = next(iter(kinds)) if len(kinds) == 1 else MIXED
    for row in group:
        row.update(period=" / ".join(names), period_kind=kind, period_start=min(starts) if starts else None, period_end=max(ends) if ends else None)


def reporting_years(documents: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of the `reporting_years` table: each compared document and the reporting year it is in."""
    return [
        {
            "partnership": row["partnership"],
            "period": row["period"],
            "period_kind": row["period_kind"],
            "period_start": row["period_start"],
            "period_end": row["period_end"],
            "doc_id": row["doc_id"],
            "path": row["path"],
            "title": row["title"],
            "kind": row["kind"],
            "document_period": row["document_period"],
        }
        for row in records(documents)
    ]


def period_order(frame: pd.DataFrame) -> pd.Series:
    """A sort key that puts undated periods last."""
    return frame["period_start"].map(lambda value: value if isinstance(value, date) else date.max)
