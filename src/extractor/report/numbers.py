"""The report's key numbers: a chart for each definition two or more partnerships report, a
list for each definition only one reports, and a note where partnerships report the same
metric but count different things (so nothing is drawn side by side)."""

from __future__ import annotations

import textwrap
from collections import defaultdict
from typing import Any

import pandas as pd

from ..compare import Comparison
from ..compare.names import records
from . import charts
from .labels import excerpt, file_name, integer, text, unit_label, value_text
from .periods import axis_label, ordered, period_title, periods_in_order
from .sources import Sources, cue

HOVER_CHARS, HOVER_WIDTH = 160, 60  # the quotation shown when pointing at a dot, and its line length


def numbers(comparison: Comparison, sources: Sources, palette: dict[str, str]) -> dict[str, Any]:
    series = comparison.metric_series
    names = comparison.partnerships
    shared: list[dict[str, Any]] = []
    only: dict[str, list[dict[str, Any]]] = defaultdict(list)
    apart: list[dict[str, Any]] = []
    if not series.empty:
        for definition, group in series.groupby("definition", sort=True):
            group = ordered(group).sort_values(["_when", "period", "doc_id", "char_start"])
            present = set(group["partnership"])
            reporters = [name for name in names if name in present]
            unit = str(group["unit"].iloc[0])
            points = [
                {
                    "partnership": row["partnership"],
                    "period": axis_label(row["period"], row["period_kind"]),
                    "period_title": period_title(row["period"], row["period_kind"]),
                    "value": float(row["value"]),
                    "value_text": value_text(row["value"], unit, text(row["qualifier"])),
                    "label": text(row["label"]),
                    "said": excerpt(text(row["sentence"]), text(row["evidence"])),
                    "stat_period": text(row["stat_period"]),
                    "source": sources.ref(row["doc_id"], row["page"]),
                    "other_sources": list(row["sources"])[1:] if row["sources"] is not None else [],
                    "cue": cue(int(row["n_documents"])),
                    "hover": _hover(row, unit),
                }
                for row in records(group)
            ]
            label = str(group["definition_label"].iloc[0])
            periods = [axis_label(*pair) for pair in periods_in_order(group)]
            entry = {
                "definition": definition,
                "metric": group["metric"].iloc[0],
                "label": label,
                "unit": unit,
                "unit_label": unit_label(unit),
                "points": points,
                "reporters": reporters,
                "periods": periods,
            }
            if len(reporters) >= 2:
                entry["figure"] = {
                    "id": f"chart-{len(shared) + 1}",
                    "json": charts.metric_chart(points, f"{label} ({unit_label(unit).lower()})", unit_label(unit), periods, reporters, palette),
                    "title": label,
                }
                shared.append(entry)
            else:
                only[reporters[0]].append(entry)
        apart = _counted_differently(series, names, {entry["metric"] for entry in shared})
    missing = comparison.statistics["metric"].isna().groupby(comparison.statistics["partnership"]).sum()
    unmeasured = {name: int(missing.get(name, 0)) for name in names}
    reporting = set(series["partnership"]) if not series.empty else set()
    without = [name for name in names if name not in reporting]
    return {
        "shared": shared,
        "only": [{"partnership": name, "metrics": only[name]} for name in names if only.get(name)],
        "apart": apart,
        "without": without,
        "unmeasured": unmeasured,
    }


def _counted_differently(series: pd.DataFrame, names: list[str], charted: set[str]) -> list[dict[str, Any]]:
    """Metrics more than one partnership reports, but never counting the same thing."""
    notes = []
    for metric, group in series.groupby("metric", sort=True):
        if metric in charted or group["partnership"].nunique() < 2:
            continue
        found: dict[str, list[str]] = {}
        for name, label, unit in zip(group["partnership"], group["definition_label"], group["unit"]):
            found.setdefault(name, [])
            if (said := f"{label} ({unit_label(unit).lower()})") not in found[name]:
                found[name].append(said)
        ways = [{"partnership": name, "definitions": found[name]} for name in names if name in found]
        notes.append({"metric": str(group["metric_label"].iloc[0]), "ways": ways})
    return notes


def _hover(row: dict[str, Any], unit: str) -> list[str]:
    """The lines shown when pointing at a dot (plain text; the chart escapes them)."""
    figure = value_text(row["value"], unit, text(row["qualifier"]))
    said = excerpt(text(row["sentence"]), text(row["evidence"]), HOVER_CHARS)
    quote = textwrap.wrap(f"“{said['before']}{said['match']}{said['after']}”", HOVER_WIDTH)
    where = f"{file_name(text(row['path']))}" + (f", page {integer(row['page'])}" if integer(row["page"]) else "")
    period = f" ({text(row['stat_period'])})" if text(row["stat_period"]) else ""
    return [f"{row['partnership']}, {row['period']}: {figure}{period}", *quote, where]
