"""What the comparison report shows, worked out from a `Comparison` (no HTML here: the template
renders it, escaping every value). Priorities, reviews and recommendations are here; the key
numbers are in `numbers.py`."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd

from ..compare import Comparison, humanise_key
from ..compare.names import fold, records
from ..compare.priorities import YEAR_PLACED, placed
from . import charts
from .labels import (
    document_kind,
    file_name,
    integer,
    items,
    join,
    recommendation_kind,
    review_kind,
    text,
)
from .links import safe_href
from .numbers import numbers
from .periods import ordered, period_title, periods_in_order
from .sources import Sources, anchor, cue


def comparison_context(
    comparison: Comparison,
    *,
    tables: str | None = None,
    asked: list[str] | None = None,
    generated_at: datetime | None = None,
    show_pages: dict[str, str] | None = None,
) -> dict[str, Any]:
    names = comparison.partnerships
    palette = charts.colours(names)
    sources = Sources(comparison.documents, show_pages)
    context: dict[str, Any] = {
        "title": (
            f"Safeguarding children partnership: {names[0]}"
            if len(names) == 1
            else "Safeguarding children partnerships compared" + (f": {join(names)}" if names else "")
        ),
        "generated": (generated_at or datetime.now(UTC)).strftime("%d %B %Y, %H:%M UTC"),
        "tables": tables,
        "partnerships": [{"name": name, "colour": palette[name]} for name in names],
        "missing": comparison.missing,
        "asked": asked or [],
    }
    context["profiles"] = _profiles(comparison, palette)
    context["notice"] = notice(comparison)
    context["priorities"] = _priorities(comparison, sources)
    context["numbers"] = numbers(comparison, sources, palette)
    context["reviews"] = _reviews(comparison, sources, palette)
    context["recommendations"] = _recommendations(comparison, sources)
    context["documents"] = _documents(comparison, sources)
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
        register = comparison.review_register[comparison.review_register["partnership"] == name]
        matrix = comparison.priority_matrix
        profiles.append(
            {
                "name": name,
                "colour": palette[name],
                "full_names": sorted({name for name in (text(value) for value in documents["partnership_name"]) if name}),
                "n_documents": len(documents),
                "periods": [period_title(*pair) for pair in periods_in_order(documents)],
                "n_priorities": int(((matrix["partnership"] == name) & matrix["present"].fillna(False).astype(bool)).sum()),
                "n_statistics": len(statistics),
                "n_measured": int(statistics["metric"].notna().sum()),
                "n_reviews": int((register["scope"] == "local").sum()),
                "n_national": int((register["scope"] != "local").sum()),
                "n_recommendations": len(_unique_recommendations(comparison.recommendations[comparison.recommendations["partnership"] == name])),
            }
        )
    return profiles


def notice(comparison: Comparison) -> str | None:
    """Said plainly at the top when there is nothing (or not enough) to compare."""
    names = comparison.partnerships
    missing = f" No documents were found for {join(comparison.missing)}." if comparison.missing else ""
    if not names:
        if comparison.missing:
            return f"There is nothing to compare: none of the partnerships asked for ({join(comparison.missing)}) has documents in these tables."
        return (
            "There is nothing to compare: these tables hold no documents with an identified partnership. "
            "Read some documents first (extractor ingest), then make this report again."
        )
    if len(names) == 1:
        return (
            f"There is nothing to compare: only {names[0]} has documents in these tables.{missing} "
            f"{names[0]}'s own priorities, figures, reviews and recommendations are listed below."
        )
    return missing.strip() or None


# --- priorities --------------------------------------------------------------------------------


def _priorities(comparison: Comparison, sources: Sources) -> dict[str, Any]:
    matrix = comparison.priority_matrix
    names = comparison.partnerships
    if matrix.empty:
        return {"side_by_side": [], "by_partnership": [_silent_partnership(comparison, name) for name in names]}
    facts = placed(comparison.priorities)
    said_by = {key: group for key, group in facts.groupby(["partnership", "period", "priority_key"])}
    named = ordered(matrix[matrix["present"].fillna(False).astype(bool)]).sort_values(["_when", "period"])
    cell_of = {(row["partnership"], row["priority_key"], row["period"]): row for row in records(named)}

    def mention(row: dict[str, Any]) -> dict[str, Any]:
        said = said_by.get((row["partnership"], row["period"], row["priority_key"]), facts.iloc[0:0])
        return {
            "period": period_title(row["period"], row["period_kind"]),
            "wording": text(row["wording"]),
            "rank": integer(row["rank"]),
            "sources": sources.refs(said),
            "cue": cue(int(row["n_documents"])),
            "by_year": row["placed_by"] == YEAR_PLACED,
        }

    listing_any = set(named["partnership"])
    rows: list[dict[str, Any]] = []
    for key, group in named.groupby("priority_key"):
        by_name: dict[str, list[dict[str, Any]]] = {}
        for row in records(group):
            by_name.setdefault(row["partnership"], []).append(mention(row))
        cells: list[dict[str, Any]] = [{"partnership": name, "mentions": by_name.get(name, []), "listed_any": name in listing_any} for name in names]
        rows.append(
            {
                "key": key,
                "label": humanise_key(str(key)),
                "n_partnerships": sum(1 for cell in cells if cell["mentions"]),
                "n_mentions": sum(len(cell["mentions"]) for cell in cells),
                "cells": cells,
            }
        )
    rows.sort(key=lambda row: (-row["n_partnerships"], -row["n_mentions"], row["label"].lower()))
    by_partnership = []
    for name in names:
        mine = matrix[matrix["partnership"] == name]
        listing = mine[mine["present"].notna()]
        periods = periods_in_order(listing)
        silent = [period_title(*pair) for pair in periods_in_order(mine[mine["present"].isna()])]
        grid = []
        for row in rows:
            if not any(cell["mentions"] for cell in row["cells"] if cell["partnership"] == name):
                continue
            marks: list[dict[str, Any] | None] = []
            for period, _ in periods:
                hit = cell_of.get((name, row["key"], period))
                marks.append(mention(hit) if hit else None)
            grid.append({"label": row["label"], "cells": marks})
        by_partnership.append({"name": name, "periods": [period_title(*pair) for pair in periods], "rows": grid, "silent": silent})
    return {"side_by_side": rows, "by_partnership": by_partnership}


def _silent_partnership(comparison: Comparison, name: str) -> dict[str, Any]:
    documents = comparison.documents[comparison.documents["partnership"] == name]
    return {"name": name, "periods": [], "rows": [], "silent": [period_title(*pair) for pair in periods_in_order(documents)]}


# --- reviews -----------------------------------------------------------------------------------


def _reviews(comparison: Comparison, sources: Sources, palette: dict[str, str]) -> dict[str, Any]:
    names = comparison.partnerships
    register = comparison.review_register
    if register.empty:
        return {"local": [], "national": [], "chart": None, "counts": [], "none": list(names)}
    mentions = comparison.review_mentions
    who = {name: index for index, name in enumerate(names)}
    rows = []
    for row in sorted(records(register), key=lambda r: (who.get(r["partnership"], 99), fold(r["name"]))):
        inferred = row["status_from"] == "sentence"
        rows.append(
            {
                "partnership": row["partnership"],
                "name": row["name"],
                "other_names": items(row["other_names"]),
                "kind": review_kind(text(row["kind"])),
                "scope": row["scope"],
                "status": text(row["status"]) or "not stated",
                "status_inferred": inferred,
                "periods": items(row["periods"]),
                "themes": items(row["themes"]),
                "sources": sources.refs(mentions[mentions["review_id"] == row["review_id"]]),
                "cue": cue(int(row["n_documents"]), inferred),
            }
        )
    local = [row for row in rows if row["scope"] == "local"]
    per_theme: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in local:
        for theme in row["themes"]:
            per_theme[(row["partnership"], theme)].append(row["name"])
    counts: list[dict[str, Any]] = [
        {
            "partnership": name,
            "theme": theme,
            "n": len(reviews),
            "hover": [f"{name}: {len(reviews)} review{'s' if len(reviews) != 1 else ''} on {theme}", join(sorted(reviews))],
        }
        for (name, theme), reviews in per_theme.items()
    ]
    themes = sorted({theme for _, theme in per_theme}, key=lambda theme: (-sum(c["n"] for c in counts if c["theme"] == theme), theme))
    chart = None
    if counts:
        title = "Themes of each partnership's own reviews"
        chart = {"id": "chart-themes", "json": charts.theme_chart(counts, themes, names, palette, title), "title": title}
    by_kind = []
    for name in names:
        kinds: dict[str, int] = defaultdict(int)
        for row in local:
            if row["partnership"] == name:
                kinds[row["kind"]] += 1
        by_kind.append(
            {
                "partnership": name,
                "n": sum(kinds.values()),
                "kinds": sorted(kinds.items(), key=lambda item: (-item[1], item[0])),
                "national": sum(1 for row in rows if row["partnership"] == name and row["scope"] != "local"),
            }
        )
    return {
        "local": local,
        "national": [row for row in rows if row["scope"] != "local"],
        "chart": chart,
        "counts": by_kind,
        "none": [name for name in names if not any(row["partnership"] == name for row in rows)],
    }


# --- recommendations and documents -------------------------------------------------------------


def _unique_recommendations(frame: pd.DataFrame) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """Recommendations by partnership, reporting year and wording: one however many documents state it."""
    found: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for row in records(ordered(frame).sort_values(["_when", "period", "doc_id", "char_start"])) if not frame.empty else []:
        found.setdefault((row["partnership"], row["period"], fold(row["text"])), []).append(row)
    return found


def _recommendations(comparison: Comparison, sources: Sources) -> dict[str, Any]:
    names = comparison.partnerships
    who = {name: index for index, name in enumerate(names)}
    unique = _unique_recommendations(comparison.recommendations)
    rows = []
    for (partnership, _, _), said in sorted(unique.items(), key=lambda item: who.get(item[0][0], 99)):
        first = said[0]
        rows.append(
            {
                "partnership": partnership,
                "period": period_title(first["period"], first["period_kind"]),
                "text": first["text"],
                "addressee": text(first["addressee"]),
                "kind": recommendation_kind(text(first["source_kind"])),
                "action": text(first["action"]),
                "sources": sources.refs(pd.DataFrame(said)),
                "cue": cue(len({row["doc_id"] for row in said})),
            }
        )
    return {"rows": rows, "none": [name for name in names if not any(row["partnership"] == name for row in rows)]}


def _documents(comparison: Comparison, sources: Sources) -> list[dict[str, Any]]:
    frame = comparison.documents
    if frame.empty:
        return []
    who = {name: index for index, name in enumerate(comparison.partnerships)}
    frame = ordered(frame).assign(_who=frame["partnership"].map(who)).sort_values(["_who", "_when", "path"])
    return [
        {
            "anchor": anchor(row["doc_id"]),
            "doc_id": row["doc_id"],
            "short_id": row["doc_id"][:12],
            "partnership": row["partnership"],
            "period": period_title(row["period"], row["period_kind"]),
            "document_period": row["document_period"] if row["document_period"] != row["period"] else None,
            "period_label": text(row["period_label"]),
            "kind": document_kind(text(row["kind"])),
            "title": text(row["title"]),
            "name": file_name(text(row["path"])),
            "path": text(row["path"]),
            "href": safe_href(text(row["source_url"]) or text(row["path"])),
            "show": sources.show_pages.get(row["doc_id"]),
            "n_pages": integer(row["n_pages"]),
            "meeting": _meeting(row),
        }
        for row in records(frame)
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
    documents = comparison.documents
    years = periods_in_order(documents)
    span = years[0][0] if len(years) == 1 else f"{years[0][0]} to {years[-1][0]}" if years else ""
    lines = [
        f"{'This report compares ' + join(names) if len(names) > 1 else 'This report lists what was found for ' + names[0]}"
        f", from {len(documents)} document{'s' if len(documents) != 1 else ''} in "
        f"{len(comparison.reporting_years.drop_duplicates(['partnership', 'period']))} reporting years" + (f" covering {span}." if span else ".")
    ]
    if len(names) > 1:
        with_priorities = [p for p in context["profiles"] if p["n_priorities"]]
        shared_priorities = [row["label"] for row in context["priorities"]["side_by_side"] if row["n_partnerships"] >= 2]
        if shared_priorities:
            lines.append(f"Priorities named by more than one partnership: {join(shared_priorities)}.")
        elif len(with_priorities) >= 2:
            lines.append("No priority is named by more than one partnership.")
        shared = [entry["label"].lower() for entry in context["numbers"]["shared"]]
        if shared:
            lines.append(f"Figures that count the same thing in more than one partnership, charted below: {join(shared)}.")
        else:
            lines.append(
                "No figure counts the same thing in more than one of these partnerships, so there are no "
                "comparison charts; each partnership's own figures are listed under Key numbers."
            )
    for profile in context["profiles"]:
        if profile["n_priorities"] == 0:
            lines.append(f"No priorities were found in {profile['name']}'s documents, so its priorities cannot be compared.")
        if profile["n_measured"] == 0:
            lines.append(f"No figures that can be compared were found in {profile['name']}'s documents.")
    return lines
