"""Comparison tables: the partnerships' priorities, figures and reviews side by side, by reporting year.

Built from the ingest tables (`build`) and written beside them (`write`) in their own table
store, `<tables>/comparison/` (schemas in `tables.py`, `COMPARISON_SCHEMAS`):

    reporting_years   the documents of each partnership grouped into reporting years (years.py)
    priority_matrix   priority × partnership × plan period or reporting year (priorities.py)
    metric_series     each figure once per reporting year, with its definition (measures.py)
    review_register   one row per review per partnership, and review_mentions, every mention (reviews.py)
    review_summary    the partnership's own reviews counted by kind, status, theme; all by scope

A partnership is its area (`documents.partnership_area`, "Wirral"), so a Board and the
Partnership that replaced it are one line. Every row keeps the documents it came from. The
whole compare step (read, build, write, report) is `extractor.steps.compare`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Any

import pandas as pd
import pyarrow as pa

from ..errors import OutputError
from ..location import Location, join
from ..tables import (
    COMPARISON_FOLDER,
    COMPARISON_SCHEMA_VERSION,
    COMPARISON_SCHEMAS,
    COMPARISON_SORT_KEYS,
    COMPARISON_TABLES,
    SCHEMAS,
)
from ..tablestore import TableStore
from .measures import metric_series
from .names import fold, humanise_key, period_kind, period_name, records
from .priorities import priority_matrix
from .reviews import entities, review_summary
from .years import documents_with_periods, reporting_years

__all__ = [
    "Comparison",
    "build",
    "documents_with_periods",
    "humanise_key",
    "period_kind",
    "period_name",
    "read_written",
    "resolve",
    "select",
    "write",
]


@dataclass
class Comparison:
    """Everything the report needs, for every partnership in the tables (see `select`)."""

    documents: pd.DataFrame  # usable documents, with `partnership` (the area) and their reporting year
    reporting_years: pd.DataFrame
    priority_matrix: pd.DataFrame
    metric_series: pd.DataFrame
    review_register: pd.DataFrame
    review_mentions: pd.DataFrame
    review_summary: pd.DataFrame
    priorities: pd.DataFrame  # the fact rows, joined to their document's partnership and reporting year
    statistics: pd.DataFrame
    reviews: pd.DataFrame
    recommendations: pd.DataFrame
    partnerships: list[str] = field(default_factory=list)  # in the order asked for (or by name)
    missing: list[str] = field(default_factory=list)  # names asked for that match no document

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in COMPARISON_TABLES}


def _frame(frames: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    frame = frames.get(name)
    return frame if frame is not None else SCHEMAS[name].empty_table().to_pandas()


def _with_documents(facts: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    context = documents[
        ["doc_id", "path", "source_url", "title", "content_type", "partnership", "period", "period_kind", "period_start", "period_end"]
    ]
    return facts.merge(context, on="doc_id", how="inner").reset_index(drop=True)


def _cell(value: Any) -> Any:
    """None for a missing value however pandas spelled it (NaN in a text column, NaT, NA)."""
    return None if (isinstance(value, float) and math.isnan(value)) or value is pd.NaT or value is pd.NA else value


def _typed(rows: list[dict[str, Any]], name: str) -> pd.DataFrame:
    schema = COMPARISON_SCHEMAS[name]
    columns = {column: [_cell(row.get(column)) for row in rows] for column in schema.names}
    return pa.Table.from_pydict(columns, schema=schema).to_pandas()


def build(frames: dict[str, pd.DataFrame]) -> Comparison:
    """The comparison of every partnership in the ingest tables (`frames`: table name → DataFrame)."""
    documents = documents_with_periods(_frame(frames, "documents"))
    priorities = _with_documents(_frame(frames, "priorities"), documents)
    statistics = _with_documents(_frame(frames, "statistics"), documents)
    reviews = _with_documents(_frame(frames, "reviews"), documents)
    recommendations = _with_documents(_frame(frames, "recommendations"), documents)
    register, mentions = entities(reviews)
    years = _typed(reporting_years(documents), "reporting_years")
    return Comparison(
        documents=documents,
        reporting_years=years,
        priority_matrix=_typed(priority_matrix(priorities, documents), "priority_matrix"),
        metric_series=_typed(metric_series(statistics), "metric_series"),
        review_register=_typed(register, "review_register"),
        review_mentions=_typed(mentions, "review_mentions"),
        review_summary=_typed(review_summary(register, mentions, years), "review_summary"),
        priorities=priorities,
        statistics=statistics,
        reviews=reviews,
        recommendations=recommendations,
        partnerships=sorted(documents["partnership"].dropna().unique().tolist(), key=str.lower),
    )


# --- choosing partnerships ---------------------------------------------------------------------


def resolve(documents: pd.DataFrame, wanted: Sequence[str]) -> tuple[list[str], list[str]]:
    """The partnerships (areas) that `wanted` names, matched case-insensitively on the area or on
    any of its partnership names, in the order asked; and the names that matched nothing.
    Nothing asked: every partnership in the tables."""
    areas = sorted(documents["partnership"].dropna().unique().tolist(), key=str.lower) if not documents.empty else []
    if not wanted:
        return areas, []
    names: dict[str, str] = {}
    for row in records(documents[["partnership", "partnership_name"]].drop_duplicates()):
        names.setdefault(fold(row["partnership"]), row["partnership"])
        if row["partnership_name"]:
            names.setdefault(fold(row["partnership_name"]), row["partnership"])
    found: list[str] = []
    missing: list[str] = []
    for name in wanted:
        area = names.get(fold(name))
        if area is None:
            missing.append(name)
        elif area not in found:
            found.append(area)
    return found, missing


def select(comparison: Comparison, wanted: Sequence[str]) -> Comparison:
    """The comparison narrowed to the partnerships `wanted` names (see `resolve`)."""
    found, missing = resolve(comparison.documents, wanted)
    keep = set(found)

    def only(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["partnership"].isin(keep)].reset_index(drop=True) if "partnership" in frame else frame

    names = ("documents", *COMPARISON_TABLES, "priorities", "statistics", "reviews", "recommendations")
    narrowed = {name: only(getattr(comparison, name)) for name in names}
    matrix = narrowed["priority_matrix"]
    if not matrix.empty:  # keys no chosen partnership names are noise here
        named = matrix.groupby("priority_key")["present"].transform(lambda s: s.fillna(False).any())
        narrowed["priority_matrix"] = matrix[named.astype(bool)].reset_index(drop=True)
    series = narrowed["metric_series"]
    if not series.empty:  # how many of the chosen partnerships report each definition
        counts = series.groupby("definition")["partnership"].transform("nunique").astype("int32")
        narrowed["metric_series"] = series.assign(n_partnerships=counts)
    return replace(comparison, **narrowed, partnerships=found, missing=missing)


# --- writing -----------------------------------------------------------------------------------


def store(tables: Location) -> TableStore:
    return TableStore(join(tables, COMPARISON_FOLDER), COMPARISON_SCHEMAS, COMPARISON_SORT_KEYS, schema_version=COMPARISON_SCHEMA_VERSION)


def read_written(tables: Location) -> dict[str, pd.DataFrame]:
    """The comparison tables last written under `tables` (none when `compare` never ran there)."""
    target = store(tables)
    if target.current_version() is None:
        return {}
    return {name: table.to_pandas() for name, table in target.read().items()}


def write(comparison: Comparison, tables: Location) -> PurePath:
    """Publish the comparison tables (every partnership) under `<tables>/comparison/`, atomically."""
    target = store(tables)
    arrow = {name: pa.Table.from_pandas(frame, schema=COMPARISON_SCHEMAS[name], preserve_index=False) for name, frame in comparison.tables().items()}
    try:
        with target.lock():
            return target.publish(arrow)
    except OSError as exc:
        raise OutputError(
            f"The comparison tables cannot be written under {target.root} ({exc}); check the folder can be written, or pass another --tables."
        ) from exc
