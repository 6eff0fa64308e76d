"""Reviews as entities: one row per review per partnership, however many documents name it.

Mentions of a partnership's reviews are matched by name, after dropping the words that do not
tell reviews apart ("Child", "review"): the same remaining name, or (for names of four letters
or more) a fuzzy match (rapidfuzz token-set ratio of at least `NAME_MATCH`), is one review. A
review's status is the furthest stage any mention states (commissioned, ongoing, completed,
published); when no mention states one, the sentences are read for "completed" and the like
(`status_from = "sentence"`). A national review (its kind; or, for a review of no local kind,
a national body in its name or sentence) is the partnership's reading, not its own review:
`scope = "national"`, left out of the counts.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pandas as pd
from rapidfuzz import fuzz

from .names import integer, items, records, slug, source_text, text
from .vocabulary import STATUS_ORDER, national_bodies, own, phrase_pattern
from .years import period_order

NAME_MATCH = 90
NATIONAL_KIND = "national review"
LOCAL, NATIONAL = "local", "national"
STATED, SENTENCE = "stated", "sentence"


def _core(name: str) -> str:
    generic = set(own()["name_generic"])
    words = [word for word in re.findall(r"[\w']+", name.lower()) if word not in generic]
    return " ".join(words) or " ".join(re.findall(r"[\w']+", name.lower()))


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    return fuzz.token_set_ratio(a, b) >= NAME_MATCH


def _furthest(statuses: list[str]) -> str | None:
    known = [status for status in statuses if status in STATUS_ORDER]
    return max(known, key=STATUS_ORDER.index) if known else None


def _status_in(sentences: list[str]) -> str | None:
    """A stage the sentences state that the extraction does not record (completed)."""
    pattern = phrase_pattern(tuple(own()["completed"]))
    return "completed" if any(pattern.search(sentence) for sentence in sentences) else None


def _scope(kinds: list[str], names: list[str], sentences: list[str]) -> str:
    """National: stated so, or a review of no local kind whose name or sentence names a national body."""
    if NATIONAL_KIND in kinds:
        return NATIONAL
    if set(kinds) & set(own()["local_kinds"]) or not national_bodies():
        return LOCAL
    bodies = phrase_pattern(tuple(national_bodies()))
    return NATIONAL if any(bodies.search(said) for said in [*names, *sentences]) else LOCAL


def entities(reviews: pd.DataFrame) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows of `review_register` and `review_mentions` from the review facts (joined to their
    documents' partnership and reporting year)."""
    if reviews.empty:
        return [], []
    ordered = reviews.assign(_order=period_order(reviews)).sort_values(["partnership", "_order", "path", "char_start"])
    groups: list[list[dict[str, Any]]] = []
    for mention in records(ordered):
        core = _core(str(mention["name"]))
        home = next(
            (
                group
                for group in groups
                if group[0]["partnership"] == mention["partnership"] and any(_same(core, member["_core"]) for member in group)
            ),
            None,
        )
        mention["_core"] = core
        (home.append(mention) if home is not None else groups.append([mention]))
    register, mentions = [], []
    used_ids: set[str] = set()
    for group in groups:
        names = Counter(str(m["name"]) for m in group)
        name = max(names, key=lambda n: (names[n], len(n)))
        review_id = _unique_id(f"{slug(group[0]['partnership'])}.{slug(_core(name))}", used_ids)
        kinds = [k for k in (text(m["kind"]) for m in group) if k]
        stated = _furthest([s for s in (text(m["status"]) for m in group) if s])
        status, status_from = (stated, STATED) if stated else (_status_in([str(m["sentence"] or "") for m in group]), SENTENCE)
        register.append(
            {
                "partnership": group[0]["partnership"],
                "review_id": review_id,
                "name": name,
                "other_names": [other for other in names if other != name],
                "kind": Counter(kinds).most_common(1)[0][0] if kinds else None,
                "status": status,
                "status_from": status_from if status else None,
                "scope": _scope(kinds, list(names), [str(m["sentence"] or "") for m in group]),
                "themes": list(dict.fromkeys(theme for m in group for theme in items(m["themes"]))),
                "periods": list(dict.fromkeys(m["period"] for m in group)),
                "n_mentions": len(group),
                "n_documents": len({m["doc_id"] for m in group}),
                "sources": list(dict.fromkeys(source_text(m["path"], integer(m["page"])) for m in group)),
                "doc_id": group[0]["doc_id"],
                "path": group[0]["path"],
                "page": integer(group[0]["page"]),
            }
        )
        for m in group:
            mentions.append(
                {
                    "partnership": m["partnership"],
                    "period": m["period"],
                    "review_id": review_id,
                    "name": m["name"],
                    "kind": text(m["kind"]),
                    "status": text(m["status"]),
                    "doc_id": m["doc_id"],
                    "path": m["path"],
                    "page": integer(m["page"]),
                    "char_start": integer(m["char_start"]),
                    "char_end": integer(m["char_end"]),
                    "evidence": m["evidence"],
                    "sentence": text(m["sentence"]),
                }
            )
    return register, mentions


def _unique_id(base: str, used: set[str]) -> str:
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}_{number}", number + 1
    used.add(candidate)
    return candidate


def review_summary(register: list[dict[str, Any]], mentions: list[dict[str, Any]], years: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of `review_summary`: per partnership and reporting year, the partnership's own (local)
    reviews counted by kind, status and theme, and every review by scope (local or national).
    A review named in several documents of a year counts once."""
    entity = {row["review_id"]: row for row in register}
    spans = {(row["partnership"], row["period"]): row for row in records(years)}
    by_year: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for mention in mentions:
        found = by_year.setdefault((mention["partnership"], mention["period"]), [])
        if entity[mention["review_id"]] not in found:
            found.append(entity[mention["review_id"]])
    rows = []
    for (partnership, period), reviews in by_year.items():
        year = spans.get((partnership, period), {})
        base = {
            "partnership": partnership,
            "period": period,
            "period_kind": year.get("period_kind", "undated"),
            "period_start": year.get("period_start"),
            "period_end": year.get("period_end"),
        }
        dimensions: dict[str, dict[str | None, list[str]]] = {"kind": {}, "status": {}, "theme": {}, "scope": {}}
        for review in reviews:
            dimensions["scope"].setdefault(review["scope"], []).append(review["name"])
            if review["scope"] != LOCAL:
                continue
            dimensions["kind"].setdefault(review["kind"], []).append(review["name"])
            dimensions["status"].setdefault(review["status"], []).append(review["name"])
            for theme in review["themes"] or [None]:
                dimensions["theme"].setdefault(theme, []).append(review["name"])
        for dimension, counts in dimensions.items():
            for category, names in counts.items():
                rows.append({**base, "dimension": dimension, "category": category, "n_reviews": len(names), "reviews": "; ".join(names)})
    return rows
