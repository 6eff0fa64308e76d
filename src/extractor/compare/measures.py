"""Measures that compare like with like.

A figure's metric (`statistics.metric`) says roughly what it is about; its definition says
exactly what is counted, so that a count of reviews published is never set against a count of
rapid reviews undertaken. The definition is the metric and unit, with:

* for metrics whose phrases name different things (`distinct_phrases` in data/vocabulary.json),
  the phrase the figure's label uses ("learning events" and "training events" are both training
  events by metric, but different things counted), which must be the thing the label starts
  with ("places on courses" counts places) and of one kind ("SCRs and learning reviews" is a mix);
* the kind of review the label names (rapid review, CSPR, learning review, ...);
* the stage counted, from the words before the figure or in its label (published, completed,
  ongoing, commissioned, undertaken);
* for a share (per cent, fraction), the label itself: a share means nothing without what it is
  a share of; and so for a label that also names what another metric counts ("practitioners
  attended courses"), or a "count" that is not a whole number or is called a rate.

Figures are charted across partnerships only when their definitions are the same. The same
figure stated in several documents of one reporting year is one row, with every source.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from .names import humanise_key, integer, records, source_text, text
from .vocabulary import (
    first_phrase,
    last_phrase,
    metric_labels,
    metrics,
    own,
    phrase_pattern,
    review_kinds,
)

SHARE_UNITS = ("percent", "fraction")
LEADING_WORDS = 2  # words a counted thing may have before it ("other", "multi-agency"): "places on courses" counts places
RATE_WORDS = re.compile(r"\b(rate|rates|per)\b", re.IGNORECASE)
BEFORE_CHARS = 60  # how far before a figure the stage counted is looked for ("the commissioning of two ...")
_STOP = {"the", "a", "an", "of", "were", "was", "are", "is", "from", "to", "in", "on", "for", "and", "our", "its", "their"}


def _singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word.removesuffix("s")


def _singular_phrase(phrase: str) -> str:
    return " ".join(_singular(word) for word in phrase.split())


def _names_another_metric(metric: str, label: str) -> bool:
    """The label also names what another metric counts ("practitioners attended courses": people
    and courses), by one of its phrases or, as the label's first word, one of its heads."""
    first = label.lower().split()[0] if label.split() else ""
    for key, entry in metrics().items():
        if key == metric:
            continue
        phrases = tuple(entry.get("phrases", []))
        if (phrases and phrase_pattern(phrases).search(label)) or first in {head.lower() for head in entry.get("heads", [])}:
            return True
    return False


def _before(row: dict[str, Any]) -> str:
    sentence, evidence = str(row.get("sentence") or ""), str(row.get("evidence") or "")
    at = sentence.find(evidence) if evidence else -1
    return sentence[max(0, at - BEFORE_CHARS) : at] if at > 0 else ""


def _words(label: str) -> str:
    return " ".join(w for w in re.findall(r"[\w']+", label.lower()) if w not in _STOP)


def definition(row: dict[str, Any]) -> tuple[str, str]:
    """A figure's definition: a key that is equal only for figures counting the same thing, and
    the words for people."""
    metric, unit = str(row["metric"]), str(row["unit"])
    label = " ".join(str(text(row.get("label")) or "").split())
    entry = metrics().get(metric, {})
    words = tuple(entry.get("phrases", [])) + tuple(entry.get("heads", []))
    found = phrase_pattern(words).search(label) if words else None
    counted = _singular_phrase(found.group(0).lower()) if found and metric in own()["distinct_phrases"] else None
    kind = first_phrase(label, review_kinds())
    stage = last_phrase(_before(row), own()["figure_status"]) or first_phrase(label, own()["figure_status"])  # the verb nearest the figure
    # a share, a label that also names another metric's thing, or (for metrics whose phrases name
    # different things) a label that does not start with the thing or names two kinds of review,
    # means only what its own words say
    unclear = metric in own()["distinct_phrases"] and (
        (found is not None and len(label[: found.start()].split()) > LEADING_WORDS)
        or sum(1 for phrases in review_kinds().values() if phrase_pattern(tuple(phrases)).search(label)) > 1
    )
    # a "count" that is not a whole number, or that the label calls a rate, is not a count of things
    not_a_count = unit == "count" and (not float(row["value"]).is_integer() or bool(RATE_WORDS.search(label)))
    literal = _words(label) if unit in SHARE_UNITS or unclear or not_a_count or _names_another_metric(metric, label) else None
    parts = [metric, unit, f"as={counted or ''}", f"kind={kind or ''}", f"stage={stage or ''}", f"words={literal or ''}"]
    if literal is not None:
        said = f"{'share' if unit in SHARE_UNITS else 'counted'}: “{label}”"
    else:
        said = ", ".join(
            part
            for part in (f"“{counted}”" if counted else None, kind if kind and (not counted or kind.lower() not in counted) else None, stage)
            if part
        )
    name = metric_labels().get(metric, humanise_key(metric))
    return "|".join(parts), f"{name} — {said}" if said else name


def metric_series(statistics: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of `metric_series`: every statistic with a metric, once per reporting year."""
    known = statistics[statistics["metric"].notna()] if not statistics.empty else statistics
    labels = metric_labels()
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in records(known.sort_values(["partnership", "path", "char_start"])) if not known.empty else []:
        key_def, label_def = definition(row)
        key = (row["partnership"], row["period"], key_def, float(row["value"]), text(row["qualifier"]), text(row["stat_period"]))
        source = source_text(row["path"], integer(row["page"]))
        if key in merged:
            kept = merged[key]
            kept["_docs"].add(row["doc_id"])
            kept["sources"] = list(dict.fromkeys([*kept["sources"], source]))
            continue
        merged[key] = {
            "partnership": row["partnership"],
            "period": row["period"],
            "period_kind": row["period_kind"],
            "period_start": row["period_start"],
            "period_end": row["period_end"],
            "metric": row["metric"],
            "metric_label": labels.get(row["metric"], humanise_key(row["metric"])),
            "definition": key_def,
            "definition_label": label_def,
            "value": float(row["value"]),
            "unit": row["unit"],
            "qualifier": text(row["qualifier"]),
            "label": text(row["label"]),
            "stat_period": text(row["stat_period"]),
            "evidence": row["evidence"],
            "sentence": text(row["sentence"]),
            "sources": [source],
            "_docs": {row["doc_id"]},
            "doc_id": row["doc_id"],
            "path": row["path"],
            "page": integer(row["page"]),
            "char_start": int(row["char_start"]),
            "char_end": int(row["char_end"]),
        }
    reporters: dict[str, set[str]] = {}
    for row in merged.values():
        reporters.setdefault(row["definition"], set()).add(row["partnership"])
    rows = []
    for row in merged.values():
        docs = row.pop("_docs")
        rows.append({**row, "n_documents": len(docs), "n_partnerships": len(reporters[row["definition"]])})
    return rows
