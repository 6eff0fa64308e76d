"""Priorities by plan: a priority belongs to the plan period it is stated for ("our priorities
for 2022-24"), whichever document states it, so one plan's priorities are one set; a priority
stated with no plan period is placed in its document's reporting year.

The grid is every priority key against every plan and reporting year that has priorities: a
key it does not name is `present = false`; a reporting year whose documents list no
priorities at all is `present = null` for every key (absence there means nothing).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .names import PLAN, humanise_key, integer, plan_period, records, slug, source_text, text

PLAN_PLACED, YEAR_PLACED = "plan", "reporting year"
_YEAR = ["partnership", "period", "period_kind", "period_start", "period_end"]


def placed(priorities: pd.DataFrame) -> pd.DataFrame:
    """The priority rows with the period they belong to: their plan's, else their reporting year."""
    frame = priorities.copy()
    if frame.empty:
        return frame.assign(placed_by=pd.Series(dtype="object"))
    rows = []
    for row in records(frame):
        row["priority_key"] = text(row.get("priority_key")) or slug(str(row["priority"]))
        plan = plan_period(text(row.get("plan_period")))
        if plan is not None:
            row.update(period=plan[0], period_kind=PLAN, period_start=plan[1], period_end=plan[2], placed_by=PLAN_PLACED)
        else:
            row["placed_by"] = YEAR_PLACED
        rows.append(row)
    return pd.DataFrame(rows)


def priority_matrix(priorities: pd.DataFrame, documents: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of `priority_matrix` (see the module's docstring)."""
    if priorities.empty or documents.empty:
        return []
    facts = placed(priorities)
    facts["_rank"] = facts["rank"].fillna(10_000)
    facts = facts.sort_values(["partnership", "period", "priority_key", "_rank", "path", "char_start"])
    cells: dict[tuple[str, str, str], dict[str, Any]] = {}
    columns: dict[tuple[str, str], dict[str, Any]] = {}
    for keys, group in facts.groupby(["partnership", "period", "priority_key"], sort=False):
        partnership, period, key = (str(value) for value in keys)  # the grouped columns hold text
        first = group.iloc[0]
        columns.setdefault((partnership, period), {name: first[name] for name in _YEAR} | {"placed_by": first["placed_by"]})
        ranks = {int(rank) for rank in group["rank"].dropna()}
        cells[(partnership, period, key)] = {
            "wording": " | ".join(dict.fromkeys(str(value) for value in group["priority"])),
            "plan_period": " | ".join(dict.fromkeys(v for v in (text(value) for value in group["plan_period"]) if v)) or None,
            "rank": ranks.pop() if len(ranks) == 1 else None,  # a rank only when every statement agrees
            "n_mentions": len(group),
            "n_documents": group["doc_id"].nunique(),
            "sources": list(dict.fromkeys(source_text(path, integer(page)) for path, page in zip(group["path"], group["page"]))),
            "doc_id": first["doc_id"],
            "path": first["path"],
            "page": integer(first["page"]),
        }
    # ranks from different lists (two priorities numbered 1 in one plan) say nothing about order
    for place in columns:
        given = [cell["rank"] for (p, q, _), cell in cells.items() if (p, q) == place and cell["rank"] is not None]
        if len(given) != len(set(given)):
            for (p, q, _), cell in cells.items():
                if (p, q) == place:
                    cell["rank"] = None
    # reporting years whose documents list no priorities: a column of unknowns
    with_priorities = set(facts["doc_id"])
    for row in records(documents.drop_duplicates(["partnership", "period"])):
        year = documents[(documents["partnership"] == row["partnership"]) & (documents["period"] == row["period"])]
        if not set(year["doc_id"]) & with_priorities:
            columns.setdefault((row["partnership"], row["period"]), {name: row[name] for name in _YEAR} | {"placed_by": YEAR_PLACED, "_silent": True})
    rows = []
    for key in sorted(facts["priority_key"].unique()):
        for (partnership, period), column in columns.items():
            found = cells.get((partnership, period, key))
            present = True if found else (None if column.get("_silent") else False)
            rows.append(
                {
                    **{name: value for name, value in column.items() if name != "_silent"},
                    "priority_key": key,
                    "priority_label": humanise_key(key),
                    "present": present,
                    "n_mentions": 0,
                    "n_documents": 0,
                    "sources": [],
                    **(found or {}),
                }
            )
    return rows
