"""Periods as the report shows them: in order, and named with what kind of year they are."""

from __future__ import annotations

from datetime import date

import pandas as pd

from ..compare.names import CALENDAR, FINANCIAL, MIXED, PLAN

KIND_NOTES = {FINANCIAL: "financial year", CALENDAR: "calendar year", MIXED: "calendar and financial years"}
AXIS_MARKS = {FINANCIAL: " (FY)", CALENDAR: " (calendar)"}


def period_title(period: str, kind: str) -> str:
    """A period as the report heads it: "Plan 2022-24", "2023-24 (financial year)"."""
    if kind == PLAN:
        return f"Plan {period}"
    return f"{period} ({KIND_NOTES[kind]})" if kind in KIND_NOTES else period


def axis_label(period: str, kind: str) -> str:
    """A period on a chart's axis: financial and calendar years marked as such."""
    return period + AXIS_MARKS.get(kind, "")


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with `_when`, a sort key that puts undated periods last."""
    return frame.assign(_when=frame["period_start"].map(lambda value: value if isinstance(value, date) else date.max))


def periods_in_order(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """The (period, kind) pairs of `frame`, earliest first, undated last."""
    if frame.empty:
        return []
    first: dict[tuple[str, str], date] = {}
    for period, kind, start in zip(frame["period"], frame["period_kind"], frame["period_start"]):
        first.setdefault((period, kind), start if isinstance(start, date) else date.max)
    return sorted(first, key=lambda pair: (first[pair], pair[0]))
