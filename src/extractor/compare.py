"""Comparison tables: the partnerships' priorities, key numbers and reviews side by side, by period.

Three tidy tables, built from the ingest tables (`build`) and written beside them (`write`), in
their own table store `<tables>/comparison/` (same layout and atomic publishing as the ingest
tables; see `tablestore.py`):

    priority_matrix   priority_key × partnership × period: named or not, with the wording used
    metric_series     metric × partnership × period: one row per statistic, with its source
    review_summary    partnership × period × (kind | status | theme): how many reviews, which

A partnership is its area (`documents.partnership_area`, "Wirral"), so a Board and the
Partnership that replaced it are one line; a document with no area falls back to its
partnership name. A period is the document's reporting period, named the way staff name it:
"2023-24" (April to March), "2023" (a calendar year), else "Oct 2020 – Sep 2021" or the
label as written. Every row keeps the document (and page) it came from.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path, PurePath
from typing import Any

import pandas as pd
import pyarrow as pa

from .errors import OutputError
from .location import Location, join
from .tablestore import TableStore

COMPARISON_FOLDER = "comparison"  # the comparison tables' own store, inside the tables folder
COMPARISON_SCHEMA_VERSION = "1"  # a change to COMPARISON_SCHEMAS is a change here and in docs/data-dictionary.md

DATA = Path(__file__).resolve().parent / "nlp" / "data"
UNDATED = "undated"
NO_PARTNERSHIP = None  # documents whose partnership was not identified are left out of comparisons

_PERIOD = [
    pa.field("partnership", pa.string(), nullable=False),
    pa.field("period", pa.string(), nullable=False),
    pa.field("period_start", pa.date32()),
    pa.field("period_end", pa.date32()),
]

COMPARISON_SCHEMAS: dict[str, pa.Schema] = {
    "priority_matrix": pa.schema(
        _PERIOD
        + [
            pa.field("priority_key", pa.string(), nullable=False),
            pa.field("priority_label", pa.string(), nullable=False),
            pa.field("present", pa.bool_()),  # null: this period's documents list no priorities at all
            pa.field("wording", pa.string()),
            pa.field("plan_period", pa.string()),
            pa.field("rank", pa.int32()),
            pa.field("n_mentions", pa.int32(), nullable=False),
            pa.field("doc_id", pa.string()),
            pa.field("path", pa.string()),
            pa.field("page", pa.int32()),
        ]
    ),
    "metric_series": pa.schema(
        _PERIOD
        + [
            pa.field("metric", pa.string(), nullable=False),
            pa.field("metric_label", pa.string(), nullable=False),
            pa.field("value", pa.float64(), nullable=False),
            pa.field("unit", pa.string(), nullable=False),
            pa.field("qualifier", pa.string()),
            pa.field("label", pa.string()),
            pa.field("stat_period", pa.string()),
            pa.field("evidence", pa.string()),
            pa.field("sentence", pa.string()),
            pa.field("doc_id", pa.string(), nullable=False),
            pa.field("path", pa.string()),
            pa.field("page", pa.int32()),
            pa.field("char_start", pa.int64()),
            pa.field("char_end", pa.int64()),
        ]
    ),
    "review_summary": pa.schema(
        _PERIOD
        + [
            pa.field("dimension", pa.string(), nullable=False),  # kind, status or theme
            pa.field("category", pa.string()),  # null: not stated
            pa.field("n_reviews", pa.int32(), nullable=False),
            pa.field("reviews", pa.string(), nullable=False),  # the reviews' names, "; "-separated
        ]
    ),
}
COMPARISON_TABLES = tuple(COMPARISON_SCHEMAS)
COMPARISON_SORT_KEYS: dict[str, list[str]] = {
    "priority_matrix": ["priority_key", "partnership", "period_start", "period"],
    "metric_series": ["metric", "unit", "partnership", "period_start", "period", "doc_id", "char_start"],
    "review_summary": ["partnership", "period_start", "period", "dimension", "category"],
}
DIMENSIONS = ("kind", "status", "theme")
_STATUS_ORDER = {"published": 0, "completed": 1, "ongoing": 2, "commissioned": 3}  # the most advanced stage first


@dataclass
class Comparison:
    """Everything the report needs, for every partnership in the tables (see `select`)."""

    documents: pd.DataFrame  # usable documents, with `partnership` (the area) and the period columns
    priority_matrix: pd.DataFrame
    metric_series: pd.DataFrame
    review_summary: pd.DataFrame
    priorities: pd.DataFrame  # the fact rows, joined to their document's partnership and period
    statistics: pd.DataFrame
    reviews: pd.DataFrame
    recommendations: pd.DataFrame
    partnerships: list[str] = field(default_factory=list)  # in the order asked for (or by name)
    missing: list[str] = field(default_factory=list)  # names asked for that match no document

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in COMPARISON_TABLES}


# --- periods and names -------------------------------------------------------------------------


def period_name(start: date | None, end: date | None, label: str | None) -> str:
    """The period as staff say it: "2023-24" (April–March), "2023" (a calendar year), else the
    months ("Oct 2020 – Sep 2021"), else the label as written, else "undated"."""
    if start is not None and end is not None:
        if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
            return str(start.year)
        if (start.month, start.day, end.month, end.day) == (4, 1, 3, 31) and end.year == start.year + 1:
            return f"{start.year}-{str(end.year)[2:]}"
        if start.year == end.year and start.month == end.month:
            return f"{start:%b %Y}"
        return f"{start:%b %Y} – {end:%b %Y}"
    if label and label.strip():
        return " ".join(label.split())
    return UNDATED


def humanise_key(key: str) -> str:
    """`safeguarding_in_education` → "Safeguarding in education"."""
    words = key.replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else key


def metric_labels() -> dict[str, str]:
    """Metric key → its definition in `nlp/data/metrics.json` ("Children subject to a child protection plan")."""
    try:
        vocabulary = json.loads((DATA / "metrics.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {key: value.get("definition", humanise_key(key)) for key, value in vocabulary.items() if isinstance(value, dict)}


def _date(value: Any) -> date | None:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    text = str(value).strip()
    return text or None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "unnamed"


# --- building ----------------------------------------------------------------------------------


def documents_with_periods(documents: pd.DataFrame) -> pd.DataFrame:
    """The documents that can be compared (read, with a partnership), with `partnership` set to
    the area and the period columns added."""
    columns = ["doc_id", "path", "source_url", "title", "kind", "content_type", "n_pages", "partnership_name",
               "partnership", "period", "period_label", "period_start", "period_end", "meeting_date", "meeting_body", "status"]
    if documents.empty:
        return pd.DataFrame({name: pd.Series(dtype="object") for name in columns})
    rows = []
    for row in documents.to_dict("records"):
        name, area = _text(row.get("partnership")), _text(row.get("partnership_area"))
        start, end = _date(row.get("period_start")), _date(row.get("period_end"))
        label = _text(row.get("period_label"))
        rows.append(
            {
                "doc_id": row["doc_id"], "path": row.get("path"), "source_url": _text(row.get("source_url")),
                "title": _text(row.get("title")), "kind": _text(row.get("kind")), "content_type": _text(row.get("content_type")),
                "n_pages": None if pd.isna(row.get("n_pages")) else int(row["n_pages"]),
                "partnership_name": name, "partnership": area or name,
                "period": period_name(start, end, label), "period_label": label,
                "period_start": start, "period_end": end, "meeting_date": _date(row.get("meeting_date")),
                "meeting_body": _text(row.get("meeting_body")), "status": row.get("status"),
            }
        )
    frame = pd.DataFrame(rows, columns=columns)
    return frame[frame["status"].eq("ok") & frame["partnership"].notna()].reset_index(drop=True)


def _with_documents(facts: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    context = documents[["doc_id", "path", "source_url", "title", "content_type", "partnership", "period",
                         "period_start", "period_end"]]
    return facts.merge(context, on="doc_id", how="inner").reset_index(drop=True)


def _period_order(frame: pd.DataFrame) -> pd.Series:
    return frame["period_start"].map(lambda value: value or date.max)


def build(frames: dict[str, pd.DataFrame]) -> Comparison:
    """The comparison of every partnership in the ingest tables (`frames`: table name → DataFrame)."""
    documents = documents_with_periods(frames.get("documents", pd.DataFrame()))
    priorities = _with_documents(_frame(frames, "priorities"), documents)
    statistics = _with_documents(_frame(frames, "statistics"), documents)
    reviews = _with_documents(_frame(frames, "reviews"), documents)
    recommendations = _with_documents(_frame(frames, "recommendations"), documents)
    partnerships = sorted(documents["partnership"].dropna().unique().tolist(), key=str.lower)
    return Comparison(
        documents=documents,
        priority_matrix=priority_matrix(priorities, documents),
        metric_series=metric_series(statistics),
        review_summary=review_summary(reviews),
        priorities=priorities,
        statistics=statistics,
        reviews=reviews,
        recommendations=recommendations,
        partnerships=partnerships,
    )


def _frame(frames: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    from .tables import SCHEMAS

    frame = frames.get(name)
    return frame if frame is not None else SCHEMAS[name].empty_table().to_pandas()


def priority_matrix(priorities: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Every priority key × every partnership-period that has documents: `present` is true when its
    documents name the priority, false when they list others but not this one, null when they list
    no priorities at all (so absence means nothing)."""
    schema = COMPARISON_SCHEMAS["priority_matrix"]
    if priorities.empty or documents.empty:
        return schema.empty_table().to_pandas()
    facts = priorities.copy()
    facts["priority_key"] = [
        _text(key) or _slug(str(text)) for key, text in zip(facts["priority_key"], facts["priority"])
    ]
    facts["_rank"] = facts["rank"].fillna(10_000)
    facts = facts.sort_values(["partnership", "period", "priority_key", "_rank", "path", "char_start"])
    cells: dict[tuple[str, str, str], dict[str, Any]] = {}
    for (partnership, period, key), group in facts.groupby(["partnership", "period", "priority_key"], sort=False):
        first = group.iloc[0]
        cells[(partnership, period, key)] = {
            "wording": " | ".join(_unique(group["priority"])),
            "plan_period": " | ".join(_unique(group["plan_period"])) or None,
            "rank": None if pd.isna(first["rank"]) else int(first["rank"]),
            "n_mentions": len(group),
            "doc_id": first["doc_id"], "path": first["path"],
            "page": None if pd.isna(first["page"]) else int(first["page"]),
        }
    listing = {(p, q) for p, q, _ in cells}
    periods = documents[["partnership", "period", "period_start", "period_end"]].drop_duplicates(["partnership", "period"])
    rows = []
    for key in sorted(facts["priority_key"].unique()):
        for period in periods.to_dict("records"):
            cell = cells.get((period["partnership"], period["period"], key))
            present = True if cell else (False if (period["partnership"], period["period"]) in listing else None)
            rows.append(
                {**period, "priority_key": key, "priority_label": humanise_key(key), "present": present,
                 "n_mentions": 0, **(cell or {})}
            )
    return _typed(rows, "priority_matrix")


def metric_series(statistics: pd.DataFrame) -> pd.DataFrame:
    """One row per statistic that has a metric, with its partnership, period and source."""
    if statistics.empty:
        return COMPARISON_SCHEMAS["metric_series"].empty_table().to_pandas()
    labels = metric_labels()
    known = statistics[statistics["metric"].notna()]
    rows = [
        {
            "partnership": row["partnership"], "period": row["period"], "period_start": row["period_start"],
            "period_end": row["period_end"], "metric": row["metric"],
            "metric_label": labels.get(row["metric"], humanise_key(row["metric"])), "value": float(row["value"]),
            "unit": row["unit"], "qualifier": _text(row["qualifier"]), "label": _text(row["label"]),
            "stat_period": _text(row["stat_period"]), "evidence": row["evidence"], "sentence": _text(row["sentence"]),
            "doc_id": row["doc_id"],
            "path": row["path"], "page": None if pd.isna(row["page"]) else int(row["page"]),
            "char_start": int(row["char_start"]), "char_end": int(row["char_end"]),
        }
        for row in known.to_dict("records")
    ]
    return _typed(rows, "metric_series")


def review_summary(reviews: pd.DataFrame) -> pd.DataFrame:
    """Reviews counted by kind, by status and by theme, per partnership and period. A review named in
    two documents of the same partnership and period counts once."""
    if reviews.empty:
        return COMPARISON_SCHEMAS["review_summary"].empty_table().to_pandas()
    merged = merge_reviews(reviews)
    rows = []
    for (partnership, period), group in merged.groupby(["partnership", "period"], sort=False):
        base = {"partnership": partnership, "period": period, "period_start": group["period_start"].iloc[0],
                "period_end": group["period_end"].iloc[0]}
        for dimension in DIMENSIONS:
            counts: dict[str | None, list[str]] = {}
            for review in group.to_dict("records"):
                categories = (list(review["themes"]) or [None]) if dimension == "theme" else [_text(review[dimension])]
                for category in categories:
                    counts.setdefault(category, []).append(review["name"])
            for category, names in counts.items():
                rows.append({**base, "dimension": dimension, "category": category, "n_reviews": len(names),
                             "reviews": "; ".join(names)})
    return _typed(rows, "review_summary")


def merge_reviews(reviews: pd.DataFrame) -> pd.DataFrame:
    """One row per review per partnership and period: themes united, the most advanced status and the
    first stated kind kept, the first mention as the source."""
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    ordered = reviews.assign(_order=_period_order(reviews)).sort_values(["partnership", "_order", "path", "char_start"])
    for review in ordered.to_dict("records"):
        key = (review["partnership"], review["period"], " ".join(str(review["name"]).lower().split()))
        themes = [str(theme) for theme in (review["themes"] if review["themes"] is not None else [])]
        if key not in rows:
            rows[key] = {**review, "themes": list(dict.fromkeys(themes)), "kind": _text(review["kind"]),
                         "status": _text(review["status"])}
            continue
        kept = rows[key]
        kept["themes"] = list(dict.fromkeys(kept["themes"] + themes))
        kept["kind"] = kept["kind"] or _text(review["kind"])
        status = _text(review["status"])
        if status and (kept["status"] is None or _STATUS_ORDER.get(status, 9) < _STATUS_ORDER.get(kept["status"], 9)):
            kept["status"] = status
    columns = list(reviews.columns)
    return pd.DataFrame(list(rows.values()), columns=columns + [c for c in ("_order",) if c not in columns]).drop(
        columns=["_order"], errors="ignore"
    )


def _unique(values: Iterable[Any]) -> list[str]:
    return list(dict.fromkeys(text for text in (_text(value) for value in values) if text))


def _typed(rows: list[dict[str, Any]], name: str) -> pd.DataFrame:
    schema = COMPARISON_SCHEMAS[name]
    table = pa.Table.from_pydict({column: [row.get(column) for row in rows] for column in schema.names}, schema=schema)
    return table.to_pandas()


# --- choosing partnerships ---------------------------------------------------------------------


def resolve(documents: pd.DataFrame, wanted: Sequence[str]) -> tuple[list[str], list[str]]:
    """The partnerships (areas) that `wanted` names, matched case-insensitively on the area or on
    any of its partnership names, in the order asked; and the names that matched nothing.
    Nothing asked: every partnership in the tables."""
    areas = sorted(documents["partnership"].dropna().unique().tolist(), key=str.lower) if not documents.empty else []
    if not wanted:
        return areas, []
    names: dict[str, str] = {}
    for row in documents[["partnership", "partnership_name"]].drop_duplicates().to_dict("records"):
        names.setdefault(_fold(row["partnership"]), row["partnership"])
        if row["partnership_name"]:
            names.setdefault(_fold(row["partnership_name"]), row["partnership"])
    found: list[str] = []
    missing: list[str] = []
    for name in wanted:
        area = names.get(_fold(name))
        if area is None:
            missing.append(name)
        elif area not in found:
            found.append(area)
    return found, missing


def _fold(name: str) -> str:
    return " ".join(str(name).casefold().split())


def select(comparison: Comparison, wanted: Sequence[str]) -> Comparison:
    """The comparison narrowed to the partnerships `wanted` names (see `resolve`)."""
    found, missing = resolve(comparison.documents, wanted)
    keep = set(found)

    def only(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["partnership"].isin(keep)].reset_index(drop=True) if "partnership" in frame else frame

    narrowed = {name: only(getattr(comparison, name)) for name in (
        "documents", "priority_matrix", "metric_series", "review_summary", "priorities", "statistics", "reviews",
        "recommendations")}
    if not narrowed["priority_matrix"].empty:  # keys no chosen partnership names are noise here
        named = narrowed["priority_matrix"].groupby("priority_key")["present"].transform(lambda s: s.fillna(False).any())
        narrowed["priority_matrix"] = narrowed["priority_matrix"][named.astype(bool)].reset_index(drop=True)
    return replace(comparison, **narrowed, partnerships=found, missing=missing)


# --- writing -----------------------------------------------------------------------------------


def store(tables: Location) -> TableStore:
    return TableStore(join(tables, COMPARISON_FOLDER), COMPARISON_SCHEMAS, COMPARISON_SORT_KEYS)


def read_written(tables: Location) -> dict[str, pd.DataFrame]:
    """The comparison tables last written under `tables` (none when `compare` never ran there)."""
    target = store(tables)
    if target.current_version() is None:
        return {}
    return {name: table.to_pandas() for name, table in target.read().items()}


def write(comparison: Comparison, tables: Location) -> PurePath:
    """Publish the comparison tables (every partnership) under `<tables>/comparison/`, atomically."""
    target = store(tables)
    arrow = {
        name: pa.Table.from_pandas(frame, schema=COMPARISON_SCHEMAS[name], preserve_index=False)
        for name, frame in comparison.tables().items()
    }
    try:
        with target.lock():
            return target.publish(arrow)
    except OSError as exc:
        raise OutputError(f"The comparison tables cannot be written under {target.root} ({exc}); "
                          "check the folder can be written, or pass another --tables.") from exc


# --- the whole step ----------------------------------------------------------------------------


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


def publish_report(comparison: Comparison, wanted: Sequence[str], tables: Location, html: Path) -> CompareSummary:
    """Write the HTML report of the partnerships `wanted` names (all when none) to `html`."""
    from .report import notice, render_comparison, write_html

    chosen = select(comparison, wanted)
    write_html(render_comparison(chosen, tables=str(tables), asked=list(wanted)), html)
    return CompareSummary(html=html, tables=tables, partnerships=chosen.partnerships, missing=chosen.missing,
                          notice=notice(chosen), rows={name: len(frame) for name, frame in comparison.tables().items()})


def run(tables: Location, wanted: Sequence[str], html: Path) -> CompareSummary:
    """The compare step without Prefect: read the tables, write the comparison tables and the report."""
    from .query import read_tables

    comparison = build(read_tables(tables))
    write(comparison, tables)
    return publish_report(comparison, wanted, tables, html)
