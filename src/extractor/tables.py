"""The output tables: every schema declared once, and the rows one document contributes.

A change to a schema is a change to the data dictionary (docs/data-dictionary.md) and to
`SCHEMA_VERSION`.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

SCHEMA_VERSION = "3"  # 2: the `fetches` table; 3: documents say what the source knew (source_area, committee, ...)


def _schema(fields: list[pa.Field[Any]]) -> pa.Schema:
    """pa.schema for a list of fields of mixed types (pyarrow's stubs infer no common type for such a list)."""
    return pa.schema(fields)


_FACT_COLUMNS: list[pa.Field[Any]] = [
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("page", pa.int32()),
    pa.field("char_start", pa.int64(), nullable=False),
    pa.field("char_end", pa.int64(), nullable=False),
    pa.field("evidence", pa.string(), nullable=False),
    pa.field("sentence", pa.string()),
]

SCHEMAS: dict[str, pa.Schema] = {
    "documents": _schema(
        [
            pa.field("doc_id", pa.string(), nullable=False),
            pa.field("path", pa.string(), nullable=False),
            pa.field("also_at", pa.list_(pa.string())),
            pa.field("source_url", pa.string()),
            pa.field("content_type", pa.string()),
            pa.field("title", pa.string()),
            pa.field("n_pages", pa.int32()),
            pa.field("n_chars", pa.int64()),
            pa.field("n_bytes", pa.int64()),
            pa.field("ocr", pa.bool_()),
            pa.field("status", pa.string(), nullable=False),
            pa.field("error", pa.string()),
            pa.field("parsed_at", pa.timestamp("us", tz="UTC"), nullable=False),
            pa.field("extractor_version", pa.string(), nullable=False),
            pa.field("partnership", pa.string()),
            pa.field("partnership_area", pa.string()),
            pa.field("kind", pa.string()),
            pa.field("period_label", pa.string()),
            pa.field("period_start", pa.date32()),
            pa.field("period_end", pa.date32()),
            pa.field("meeting_date", pa.date32()),
            pa.field("meeting_body", pa.string()),
            pa.field("partnership_from", pa.string()),  # 'text' | 'source': where partnership_area came from
            pa.field("meeting_from", pa.string()),  # 'text' | 'source': where meeting_date / meeting_body came from
            pa.field("source_area", pa.string()),  # the configured area of the web source that found it
            pa.field("committee", pa.string()),  # committee papers, from the committee system
            pa.field("committee_meeting_date", pa.date32()),
            pa.field("agenda_item", pa.string()),
            pa.field("attachment_id", pa.string()),
        ]
    ),
    "texts": _schema([pa.field("doc_id", pa.string(), nullable=False), pa.field("text", pa.large_string())]),
    "blocks": _schema(
        [
            pa.field("doc_id", pa.string(), nullable=False),
            pa.field("page", pa.int32()),
            pa.field("seq", pa.int32(), nullable=False),
            pa.field("kind", pa.string(), nullable=False),
            pa.field("text", pa.string(), nullable=False),
            pa.field("char_start", pa.int64(), nullable=False),
            pa.field("char_end", pa.int64(), nullable=False),
        ]
    ),
    "table_cells": _schema(
        [
            pa.field("doc_id", pa.string(), nullable=False),
            pa.field("page", pa.int32()),
            pa.field("table_index", pa.int32(), nullable=False),
            pa.field("row", pa.int32(), nullable=False),
            pa.field("col", pa.int32(), nullable=False),
            pa.field("text", pa.string(), nullable=False),
            pa.field("char_start", pa.int64(), nullable=False),
            pa.field("char_end", pa.int64(), nullable=False),
        ]
    ),
    "links": _schema(
        [
            pa.field("doc_id", pa.string(), nullable=False),
            pa.field("page", pa.int32()),
            pa.field("uri", pa.string(), nullable=False),
            pa.field("text", pa.string()),
            pa.field("char_start", pa.int64()),
            pa.field("char_end", pa.int64()),
        ]
    ),
    "priorities": _schema(
        _FACT_COLUMNS
        + [
            pa.field("priority", pa.string(), nullable=False),
            pa.field("priority_key", pa.string()),
            pa.field("plan_period", pa.string()),
            pa.field("rank", pa.int32()),
        ]
    ),
    "statistics": _schema(
        _FACT_COLUMNS
        + [
            pa.field("value", pa.float64(), nullable=False),
            pa.field("unit", pa.string(), nullable=False),
            pa.field("qualifier", pa.string()),
            pa.field("label", pa.string()),
            pa.field("metric", pa.string()),
            pa.field("stat_period", pa.string()),
        ]
    ),
    "reviews": _schema(
        _FACT_COLUMNS
        + [
            pa.field("name", pa.string(), nullable=False),
            pa.field("kind", pa.string()),
            pa.field("status", pa.string()),
            pa.field("themes", pa.list_(pa.string())),
        ]
    ),
    "recommendations": _schema(
        _FACT_COLUMNS
        + [
            pa.field("text", pa.string(), nullable=False),
            pa.field("addressee", pa.string()),
            pa.field("source_kind", pa.string()),
            pa.field("action", pa.string()),
        ]
    ),
    # One row per candidate a component considered and dropped, with the rule that dropped it.
    "dropped": _schema(
        [
            pa.field("doc_id", pa.string(), nullable=False),
            pa.field("table", pa.string(), nullable=False),
            pa.field("page", pa.int32()),
            pa.field("char_start", pa.int64(), nullable=False),
            pa.field("char_end", pa.int64(), nullable=False),
            pa.field("evidence", pa.string(), nullable=False),
            pa.field("rule", pa.string(), nullable=False),
        ]
    ),
    # One row per HTTP fetch a web run made (documents, listing pages, committee-system pages).
    # A history: rows are only ever added, so a URL that disappears keeps its rows.
    "fetches": _schema(
        [
            pa.field("url", pa.string(), nullable=False),
            pa.field("fetched_at", pa.timestamp("us", tz="UTC"), nullable=False),
            pa.field("http_status", pa.int32()),
            pa.field("etag", pa.string()),
            pa.field("last_modified", pa.string()),
            pa.field("doc_id", pa.string()),
            pa.field("bytes", pa.int64()),
            pa.field("error", pa.string()),
        ]
    ),
}

TABLES = tuple(SCHEMAS)
SORT_KEYS: dict[str, list[str]] = {
    "documents": ["path", "doc_id"],
    "texts": ["doc_id"],
    "blocks": ["doc_id", "seq"],
    "table_cells": ["doc_id", "page", "table_index", "row", "col"],
    "links": ["doc_id", "page", "uri", "char_start"],
    "fetches": ["fetched_at", "url"],
}

# How each table is stored (see tablestore.py): `documents` is small and every run may touch
# any row of it (`also_at`), so it is one file; `fetches` only grows; the others are
# partitioned by doc_id, so a changed document rewrites one bucket's file, not the table.
LAYOUTS: dict[str, str] = {name: "by_doc" for name in SCHEMAS} | {"documents": "whole", "fetches": "history"}


def sort_keys(table: str) -> list[str]:
    return SORT_KEYS.get(table, ["doc_id", "char_start", "char_end"])


def to_arrow(table: str, rows: list[dict[str, Any]]) -> pa.Table:
    """Rows to a table of the declared schema. A mistyped value, or an empty one in a column that
    may not be empty, fails here (pyarrow leaves the second to the Parquet writer, mid-publish)."""
    schema = SCHEMAS[table]
    columns = {name: [row.get(name) for row in rows] for name in schema.names}
    arrow = pa.Table.from_pydict(columns, schema=schema)
    empty = [field.name for field in schema if not field.nullable and arrow.column(field.name).null_count]
    if empty:
        raise ValueError(f"table {table}: no value in column {', '.join(empty)}, which must have one")
    return arrow


# --- comparison tables ---------------------------------------------------------------------------
# Written by `extractor compare` (src/extractor/compare/) in their own store, `<tables>/comparison/`.
# A change here is a change to COMPARISON_SCHEMA_VERSION and to docs/data-dictionary.md.

COMPARISON_FOLDER = "comparison"
COMPARISON_SCHEMA_VERSION = "2"  # 2: reporting years, plans, review register and mentions, definitions

_REPORTING_YEAR: list[pa.Field[Any]] = [
    pa.field("partnership", pa.string(), nullable=False),
    pa.field("period", pa.string(), nullable=False),
    pa.field("period_kind", pa.string(), nullable=False),
    pa.field("period_start", pa.date32()),
    pa.field("period_end", pa.date32()),
]
_SOURCE: list[pa.Field[Any]] = [
    pa.field("n_documents", pa.int32(), nullable=False),
    pa.field("sources", pa.list_(pa.string())),
    pa.field("doc_id", pa.string()),
    pa.field("path", pa.string()),
    pa.field("page", pa.int32()),
]

COMPARISON_SCHEMAS: dict[str, pa.Schema] = {
    "reporting_years": _schema(
        _REPORTING_YEAR
        + [
            pa.field("doc_id", pa.string(), nullable=False),
            pa.field("path", pa.string()),
            pa.field("title", pa.string()),
            pa.field("kind", pa.string()),
            pa.field("document_period", pa.string(), nullable=False),
        ]
    ),
    "priority_matrix": _schema(
        _REPORTING_YEAR
        + [
            pa.field("placed_by", pa.string(), nullable=False),
            pa.field("priority_key", pa.string(), nullable=False),
            pa.field("priority_label", pa.string(), nullable=False),
            pa.field("present", pa.bool_()),
            pa.field("wording", pa.string()),
            pa.field("plan_period", pa.string()),
            pa.field("rank", pa.int32()),
            pa.field("n_mentions", pa.int32(), nullable=False),
        ]
        + _SOURCE
    ),
    "metric_series": _schema(
        _REPORTING_YEAR
        + [
            pa.field("metric", pa.string(), nullable=False),
            pa.field("metric_label", pa.string(), nullable=False),
            pa.field("definition", pa.string(), nullable=False),
            pa.field("definition_label", pa.string(), nullable=False),
            pa.field("value", pa.float64(), nullable=False),
            pa.field("unit", pa.string(), nullable=False),
            pa.field("qualifier", pa.string()),
            pa.field("label", pa.string()),
            pa.field("stat_period", pa.string()),
            pa.field("evidence", pa.string()),
            pa.field("sentence", pa.string()),
            pa.field("n_partnerships", pa.int32(), nullable=False),
        ]
        + _SOURCE
        + [pa.field("char_start", pa.int64()), pa.field("char_end", pa.int64())]
    ),
    "review_register": _schema(
        [
            pa.field("partnership", pa.string(), nullable=False),
            pa.field("review_id", pa.string(), nullable=False),
            pa.field("name", pa.string(), nullable=False),
            pa.field("other_names", pa.list_(pa.string())),
            pa.field("kind", pa.string()),
            pa.field("status", pa.string()),
            pa.field("status_from", pa.string()),
            pa.field("scope", pa.string(), nullable=False),
            pa.field("themes", pa.list_(pa.string())),
            pa.field("periods", pa.list_(pa.string())),
            pa.field("n_mentions", pa.int32(), nullable=False),
        ]
        + _SOURCE
    ),
    "review_mentions": _schema(
        [
            pa.field("partnership", pa.string(), nullable=False),
            pa.field("period", pa.string(), nullable=False),
            pa.field("review_id", pa.string(), nullable=False),
            pa.field("name", pa.string(), nullable=False),
            pa.field("kind", pa.string()),
            pa.field("status", pa.string()),
            pa.field("doc_id", pa.string(), nullable=False),
            pa.field("path", pa.string()),
            pa.field("page", pa.int32()),
            pa.field("char_start", pa.int64()),
            pa.field("char_end", pa.int64()),
            pa.field("evidence", pa.string()),
            pa.field("sentence", pa.string()),
        ]
    ),
    "review_summary": _schema(
        _REPORTING_YEAR
        + [
            pa.field("dimension", pa.string(), nullable=False),
            pa.field("category", pa.string()),
            pa.field("n_reviews", pa.int32(), nullable=False),
            pa.field("reviews", pa.string(), nullable=False),
        ]
    ),
}
COMPARISON_TABLES = tuple(COMPARISON_SCHEMAS)
COMPARISON_SORT_KEYS: dict[str, list[str]] = {
    "reporting_years": ["partnership", "period_start", "period", "path"],
    "priority_matrix": ["priority_key", "partnership", "period_start", "period"],
    "metric_series": ["definition", "unit", "partnership", "period_start", "period", "doc_id", "char_start"],
    "review_register": ["partnership", "review_id"],
    "review_mentions": ["partnership", "review_id", "doc_id", "char_start"],
    "review_summary": ["partnership", "period_start", "period", "dimension", "category"],
}
