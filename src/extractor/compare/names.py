"""The names staff use for periods and keys, and the cell helpers the comparison shares.

The lowest home of these names: the comparison tables and the report pages both use them.
"""

from __future__ import annotations

import posixpath
import re
from datetime import date
from typing import Any
from urllib.parse import unquote, urlsplit

import pandas as pd

UNDATED = "undated"
FINANCIAL, CALENDAR, OTHER, PLAN, MIXED = "financial year", "calendar year", "other period", "plan period", "mixed"
_PLAN_YEARS = re.compile(r"\b((?:19|20)\d\d)(?:\s*(?:-|–|—|/|to)\s*((?:19|20)?\d\d))?\b")


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


def period_kind(start: date | None, end: date | None) -> str:
    """Financial year (1 April – 31 March), calendar year, another span, or undated."""
    if start is None or end is None:
        return UNDATED
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return CALENDAR
    if (start.month, start.day, end.month, end.day) == (4, 1, 3, 31) and end.year == start.year + 1:
        return FINANCIAL
    return OTHER


def plan_period(value: str | None) -> tuple[str, date, date] | None:
    """A plan period as written ("2022-24", "2022/2024", "2023 to 2026", "2024") → its name
    ("2022-24") and the first and last year it spans (1 January to 31 December, for ordering)."""
    found = _PLAN_YEARS.search(value or "")
    if not found:
        return None
    first = int(found.group(1))
    second = found.group(2)
    last = first if second is None else (int(second) if len(second) == 4 else first // 100 * 100 + int(second))
    if last < first or last - first > 10:
        last = first
    name = str(first) if last == first else f"{first}-{str(last)[2:]}"
    return name, date(first, 1, 1), date(last, 12, 31)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The frame's rows as dicts by column name (every table's columns are named by strings)."""
    return frame.to_dict("records", into=dict)


def humanise_key(key: str) -> str:
    """`safeguarding_in_education` → "Safeguarding in education"."""
    words = key.replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else key


def text(value: Any) -> str | None:
    """A cell's text, or None for a missing value (None, NaN, NA, empty)."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    result = str(value).strip()
    return result or None


def as_date(value: Any) -> date | None:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()


def integer(value: Any) -> int | None:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    return int(value)


def items(value: Any) -> list[str]:
    """A list cell as a list of strings (None and NaN are empty)."""
    if value is None or isinstance(value, float):
        return []
    return [str(item) for item in list(value)]


def slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", value.lower()).strip("_") or "unnamed"


def fold(name: str) -> str:
    return " ".join(str(name).casefold().split())


def file_name(path: str | None) -> str:
    """The name a person recognises: a file's name, or a URL's last part ("annual-report-2023")."""
    if not path:
        return "(unknown document)"
    if "://" in path:
        parts = urlsplit(path)
        last = posixpath.basename(parts.path.rstrip("/"))
        return unquote(last) or parts.netloc or path
    return posixpath.basename(path.replace("\\", "/")) or path


def source_text(path: str | None, page: int | None) -> str:
    """A source as a person cites it: "annual-report.pdf, page 3"."""
    return file_name(path) + (f", page {page}" if page else "")
