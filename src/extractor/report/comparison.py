"""What the comparison report shows, worked out from a `Comparison` (no HTML here: the template
renders it, escaping every value)."""

from __future__ import annotations

import textwrap
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd

from ..compare import Comparison, humanise_key, merge_reviews
from . import charts
from .labels import (
    document_kind,
    excerpt,
    file_name,
    integer,
    join,
    recommendation_kind,
    review_kind,
    text,
    unit_label,
    value_text,
)
from .links import page_href, safe_href

HOVER_CHARS, HOVER_WIDTH = 160, 60  # the quotation shown when pointing at a dot, and its line length


def anchor(doc_id: str) -> str:
    return f"doc-{doc_id[:12]}"


class Sources:
    """Every figure's way back to its document: an anchor in the report's list of sources, the page,
    and the document's own web address when it has one (http or https only)."""

    def __init__(self, documents: pd.DataFrame) -> None:
        self.documents = {row["doc_id"]: row for row in documents.to_dict("records")}

    def ref(self, doc_id: str, page: Any) -> dict[str, Any]:
        document = self.documents.get(doc_id, {})
        page_number = integer(page)
        url = text(document.get("source_url")) or text(document.get("path"))
        is_pdf = document.get("content_type") == "application/pdf" or str(url or "").lower().endswith(".pdf")
        return {
            "anchor": anchor(doc_id),
            "name": file_name(text(document.get("path"))),
            "page": page_number,
            "href": page_href(url, page_number, is_pdf),
        }


def _order(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(_when=frame["period_start"].map(lambda value: value if isinstance(value, date) else date.max))


def _periods_in_order(frame: pd.DataFrame) -> list[str]:
    if frame.empty:
        return []
    ordered = _order(frame[["period", "period_start"]].drop_duplicates("period")).sort_values(["_when", "period"])
    return ordered["period"].tolist()


def comparison_context(comparison: Comparison, *, tables: str | None = None, asked: list[str] | None = None,
                       generated_at: datetime | None = None) -> dict[str, Any]:
    names = comparison.partnerships
    palette = charts.colours(names)
    sources = Sources(comparison.documents)
    context: dict[str, Any] = {
        "title": (f"Safeguarding children partnership: {names[0]}" if len(names) == 1
                  else "Safeguarding children partnerships compared" + (f": {join(names)}" if names else "")),
        "generated": (generated_at or datetime.now(UTC)).strftime("%d %B %Y, %H:%M UTC"),
        "tables": tables,
        "partnerships": [{"name": name, "colour": palette[name]} for name in names],
        "missing": comparison.missing,
        "asked": asked or [],
    }
    context["profiles"] = _profiles(comparison, palette)
    context["notice"] = notice(comparison)
    context["priorities"] = _priorities(comparison, sources)
    context["numbers"] = _numbers(comparison, sources, palette)
    context["reviews"] = _reviews(comparison, sources, palette)
    context["recommendations"] = _recommendations(comparison, sources)
    context["documents"] = _documents(comparison)
    context["summary"] = _summary(comparison, context)
    context["charts"] = [chart["figure"] for chart in context["numbers"]["shared"]] + (
        [context["reviews"]["chart"]] if context["reviews"]["chart"] else []
    )
    return context


def _profiles(comparison: Comparison, palette: dict[str, str]) -> list[dict[str, Any]]:
    profiles = []
    for name in comparison.partnerships:
        documents = comparison.documents[comparison.documents["partnership"] == name]
        statistics = comparison.statistics[comparison.statistics["partnership"] == name]
        reviews = {" ".join(str(name).lower().split()) for name in comparison.reviews.loc[comparison.reviews["partnership"] == name, "name"]}
        profiles.append(
            {
                "name": name,
                "colour": palette[name],
                "full_names": sorted({text(value) for value in documents["partnership_name"] if text(value)}),
                "n_documents": len(documents),
                "periods": _periods_in_order(documents),
                "n_priorities": int((comparison.priorities["partnership"] == name).sum()),
                "n_statistics": len(statistics),
                "n_measured": int(statistics["metric"].notna().sum()),
                "n_reviews": len(reviews),
                "n_recommendations": int((comparison.recommendations["partnership"] == name).sum()),
            }
        )
    return profiles


def notice(comparison: Comparison) -> str | None:
    """Said plainly at the top when there is nothing (or not enough) to compare."""
    names = comparison.partnerships
    missing = f" No documents were found for {join(comparison.missing)}." if comparison.missing else ""
    if not names:
        if comparison.missing:
            return (f"There is nothing to compare: none of the partnerships asked for ({join(comparison.missing)}) "
                    "has documents in these tables.")
        return ("There is nothing to compare: these tables hold no documents with an identified partnership. "
                "Read some documents first (extractor ingest), then make this report again.")
    if len(names) == 1:
        return (f"There is nothing to compare: only {names[0]} has documents in these tables.{missing} "
                f"{names[0]}'s own priorities, figures, reviews and recommendations are listed below.")
    return missing.strip() or None


# --- priorities --------------------------------------------------------------------------------


def _priorities(comparison: Comparison, sources: Sources) -> dict[str, Any]:
    matrix = comparison.priority_matrix
    names = comparison.partnerships
    if matrix.empty:
        return {"side_by_side": [], "by_partnership": [_silent_partnership(comparison, name) for name in names]}
    named = matrix[matrix["present"].fillna(False).astype(bool)]
    rows = []
    for key, group in named.groupby("priority_key"):
        cells = []
        for name in names:
            mine = _order(group[group["partnership"] == name]).sort_values(["_when", "period"])
            cells.append(
                {
                    "partnership": name,
                    "mentions": [
                        {"period": row["period"], "wording": text(row["wording"]), "rank": integer(row["rank"]),
                         "source": sources.ref(row["doc_id"], row["page"])}
                        for row in mine.to_dict("records")
                    ],
                }
            )
        n_partnerships = sum(1 for cell in cells if cell["mentions"])
        for cell in cells:
            cell["listed_any"] = bool((matrix.loc[matrix["partnership"] == cell["partnership"], "present"] == True).any())
        rows.append({"key": key, "label": humanise_key(key), "n_partnerships": n_partnerships,
                     "n_mentions": sum(len(cell["mentions"]) for cell in cells), "cells": cells})
    rows.sort(key=lambda row: (-row["n_partnerships"], -row["n_mentions"], row["label"].lower()))
    by_partnership = []
    for name in names:
        mine = matrix[matrix["partnership"] == name]
        listing = mine[mine["present"].notna()]
        periods = _periods_in_order(listing)
        silent = [period for period in _periods_in_order(comparison.documents[comparison.documents["partnership"] == name])
                  if period not in periods]
        keys = [row["key"] for row in rows if any(cell["mentions"] for cell in row["cells"] if cell["partnership"] == name)]
        grid = []
        for key in keys:
            cells = []
            for period in periods:
                cell = mine[(mine["priority_key"] == key) & (mine["period"] == period)]
                row = cell.iloc[0] if len(cell) else None
                present = row is not None and not pd.isna(row["present"]) and bool(row["present"])
                cells.append(
                    {"present": present, "wording": text(row["wording"]) if present else None,
                     "rank": integer(row["rank"]) if present else None,
                     "source": sources.ref(row["doc_id"], row["page"]) if present else None}
                )
            grid.append({"label": humanise_key(key), "cells": cells})
        by_partnership.append({"name": name, "periods": periods, "rows": grid, "silent": silent})
    return {"side_by_side": rows, "by_partnership": by_partnership}


def _silent_partnership(comparison: Comparison, name: str) -> dict[str, Any]:
    documents = comparison.documents[comparison.documents["partnership"] == name]
    return {"name": name, "periods": [], "rows": [], "silent": _periods_in_order(documents)}


# --- key numbers -------------------------------------------------------------------------------


def _numbers(comparison: Comparison, sources: Sources, palette: dict[str, str]) -> dict[str, Any]:
    series = comparison.metric_series
    names = comparison.partnerships
    shared: list[dict[str, Any]] = []
    only: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if not series.empty:
        for (metric, unit), group in series.groupby(["metric", "unit"], sort=True):
            group = _order(group).sort_values(["_when", "period", "doc_id", "char_start"])
            reporters = [name for name in names if (group["partnership"] == name).any()]
            label = group["metric_label"].iloc[0]
            points = [
                {
                    "partnership": row["partnership"], "period": row["period"], "value": float(row["value"]),
                    "value_text": value_text(row["value"], unit, text(row["qualifier"])),
                    "said": excerpt(text(row["sentence"]), text(row["evidence"])),
                    "stat_period": text(row["stat_period"]),
                    "source": sources.ref(row["doc_id"], row["page"]),
                    "hover": _hover(row, unit),
                }
                for row in group.to_dict("records")
            ]
            entry = {"metric": metric, "label": label, "unit": unit, "unit_label": unit_label(unit), "points": points,
                     "reporters": reporters}
            if len(reporters) >= 2:
                entry["figure"] = {
                    "id": f"chart-{len(shared) + 1}",
                    "json": charts.metric_chart(points, f"{label} ({unit_label(unit).lower()})", unit_label(unit),
                                                _periods_in_order(group), reporters, palette),
                    "title": label,
                }
                shared.append(entry)
            else:
                only[reporters[0]].append(entry)
    unmeasured = {}
    for name in names:
        mine = comparison.statistics[comparison.statistics["partnership"] == name]
        unmeasured[name] = int(mine["metric"].isna().sum())
    without = [name for name in names if not (series["partnership"] == name).any()] if not series.empty else list(names)
    return {
        "shared": shared,
        "only": [{"partnership": name, "metrics": only[name]} for name in names if only.get(name)],
        "without": without,
        "unmeasured": unmeasured,
    }


def _hover(row: dict[str, Any], unit: str) -> list[str]:
    """The lines shown when pointing at a dot (plain text; the chart escapes them)."""
    figure = value_text(row["value"], unit, text(row["qualifier"]))
    said = excerpt(text(row["sentence"]), text(row["evidence"]), HOVER_CHARS)
    quote = textwrap.wrap(f"“{said['before']}{said['match']}{said['after']}”", HOVER_WIDTH)
    where = f"{file_name(text(row['path']))}" + (f", page {integer(row['page'])}" if integer(row["page"]) else "")
    period = f" ({text(row['stat_period'])})" if text(row["stat_period"]) else ""
    return [f"{row['partnership']}, {row['period']}: {figure}{period}", *quote, where]


# --- reviews and recommendations ---------------------------------------------------------------


def _reviews(comparison: Comparison, sources: Sources, palette: dict[str, str]) -> dict[str, Any]:
    names = comparison.partnerships
    if comparison.reviews.empty:
        return {"rows": [], "chart": None, "counts": [], "none": list(names)}
    merged = _order(merge_reviews(comparison.reviews))
    merged["_who"] = merged["partnership"].map({name: index for index, name in enumerate(names)})
    merged = merged.sort_values(["_who", "_when", "period", "name"])
    rows = [
        {
            "partnership": row["partnership"], "period": row["period"], "name": row["name"],
            "kind": review_kind(text(row["kind"])), "status": text(row["status"]) or "not stated",
            "themes": [str(theme) for theme in row["themes"]],
            "source": sources.ref(row["doc_id"], row["page"]),
        }
        for row in merged.to_dict("records")
    ]
    # themes across periods: a review mentioned in two years counts once per partnership
    per_theme: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        for theme in row["themes"]:
            per_theme[(row["partnership"], theme)].add(row["name"])
    counts = [
        {"partnership": name, "theme": theme, "n": len(reviews),
         "hover": [f"{name}: {len(reviews)} review{'s' if len(reviews) != 1 else ''} on {theme}", join(sorted(reviews))]}
        for (name, theme), reviews in per_theme.items()
    ]
    themes = sorted({theme for _, theme in per_theme}, key=lambda theme: (-sum(c["n"] for c in counts if c["theme"] == theme), theme))
    chart = None
    if counts:
        chart = {"id": "chart-themes", "json": charts.theme_chart(counts, themes, names, palette),
                 "title": "Themes of the reviews each partnership reports"}
    by_kind = []
    for name in names:
        mine = [row for row in rows if row["partnership"] == name]
        kinds: dict[str, set[str]] = defaultdict(set)
        for row in mine:
            kinds[row["kind"]].add(row["name"].lower())
        by_kind.append({"partnership": name, "n": len({r["name"].lower() for r in mine}),
                        "kinds": sorted(((kind, len(names)) for kind, names in kinds.items()), key=lambda item: (-item[1], item[0]))})
    return {"rows": rows, "chart": chart, "counts": by_kind,
            "none": [name for name in names if not any(row["partnership"] == name for row in rows)]}


def _recommendations(comparison: Comparison, sources: Sources) -> dict[str, Any]:
    names = comparison.partnerships
    frame = comparison.recommendations
    if frame.empty:
        return {"rows": [], "none": list(names)}
    frame = _order(frame)
    frame["_who"] = frame["partnership"].map({name: index for index, name in enumerate(names)})
    frame = frame.sort_values(["_who", "_when", "period", "doc_id", "char_start"])
    rows = [
        {
            "partnership": row["partnership"], "period": row["period"], "text": row["text"],
            "addressee": text(row["addressee"]), "kind": recommendation_kind(text(row["source_kind"])),
            "action": text(row["action"]), "source": sources.ref(row["doc_id"], row["page"]),
        }
        for row in frame.to_dict("records")
    ]
    return {"rows": rows, "none": [name for name in names if not any(row["partnership"] == name for row in rows)]}


def _documents(comparison: Comparison) -> list[dict[str, Any]]:
    frame = comparison.documents
    if frame.empty:
        return []
    names = comparison.partnerships
    frame = _order(frame)
    frame["_who"] = frame["partnership"].map({name: index for index, name in enumerate(names)})
    frame = frame.sort_values(["_who", "_when", "path"])
    return [
        {
            "anchor": anchor(row["doc_id"]), "doc_id": row["doc_id"], "short_id": row["doc_id"][:12],
            "partnership": row["partnership"], "period": row["period"], "period_label": text(row["period_label"]),
            "kind": document_kind(text(row["kind"])), "title": text(row["title"]), "name": file_name(text(row["path"])),
            "path": text(row["path"]), "href": safe_href(text(row["source_url"]) or text(row["path"])),
            "n_pages": integer(row["n_pages"]), "meeting": _meeting(row),
        }
        for row in frame.to_dict("records")
    ]


def _meeting(row: dict[str, Any]) -> str | None:
    when = row.get("meeting_date")
    body = text(row.get("meeting_body"))
    if not isinstance(when, date) and not body:
        return None
    day = when.strftime("%-d %B %Y") if isinstance(when, date) else ""
    return " ".join(part for part in (body, day and f"on {day}") if part)


# --- summary -----------------------------------------------------------------------------------


def _summary(comparison: Comparison, context: dict[str, Any]) -> list[str]:
    names = comparison.partnerships
    if not names:
        return []
    lines = []
    documents = comparison.documents
    periods = _periods_in_order(documents)
    span = periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]}" if periods else ""
    lines.append(
        f"{'This report compares ' + join(names) if len(names) > 1 else 'This report lists what was found for ' + names[0]}"
        f", from {len(documents)} document{'s' if len(documents) != 1 else ''}"
        + (f" covering {span}." if span else ".")
    )
    if len(names) > 1:
        both = "all of them" if len(names) > 2 else "both"
        with_priorities = [p for p in context["profiles"] if p["n_priorities"]]
        shared_priorities = [row["label"] for row in context["priorities"]["side_by_side"] if row["n_partnerships"] >= 2]
        if shared_priorities:
            lines.append(f"Priorities named by more than one partnership: {join(shared_priorities)}.")
        elif len(with_priorities) >= 2:
            lines.append("No priority is named by more than one partnership.")
        shared = [f"{entry['label'].lower()} ({entry['unit_label'].lower()})" for entry in context["numbers"]["shared"]]
        if shared:
            lines.append(f"Figures reported by more than one partnership, charted below: {join(shared)}.")
        else:
            lines.append(f"No figure is reported by {both}, so there are no comparison charts; "
                         "each partnership's own figures are listed under Key numbers.")
    for profile in context["profiles"]:
        if profile["n_priorities"] == 0:
            lines.append(f"No priorities were found in {profile['name']}'s documents, so its priorities cannot be compared.")
        if profile["n_measured"] == 0:
            lines.append(f"No figures that can be compared were found in {profile['name']}'s documents.")
    return lines
