"""Score extracted tables against gold labels written by reading the documents.

The matching rules are those of the development corpus's scorer (`corpus/genre/score.py`),
which is how the extraction is also scored on documents outside the repository, so a figure
from `extractor evaluate` is the figure that counts:

* statistics: the same value (within 1%, or 0.5 points for percentages) and unit (a `count`
  matches any unit; `other` rates count as counts);
* reviews: names equal or one inside the other once a leading Child/Baby/Family/Young
  Person/Case/SCR, quotes and the words review/CSPR/LCSPR/SCR are dropped;
* priorities: `rapidfuzz` token-set ratio >= 80; recommendations: partial or token-set ratio >= 85;
* partnership: token-set ratio >= 80 with the documents row's `partnership`, or its
  `partnership_area` inside the gold name; period: the same set of years.

Matching is one to one and greedy in gold order; gold marked `borderline` is optional (a hit
counts neither way, a miss is not a false negative).

Two gold formats are read: the development corpus's (`source`, `partnership`, `period`,
priorities and recommendations as strings) and the bundled corpus's (`document`,
`metadata`, rows as objects with more fields, which other tests use).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

import pandas as pd
from rapidfuzz import fuzz

from .errors import GoldError

FACT_TABLES = ("priorities", "statistics", "reviews", "recommendations")
METADATA_FIELDS = ("partnership", "period")
TEXT_FIELDS = {"priorities": "priority", "recommendations": "text", "reviews": "name"}
PRIORITY_THRESHOLD = 80
RECOMMENDATION_THRESHOLD = 85
PARTNERSHIP_THRESHOLD = 80
VALUE_TOLERANCE = 0.011  # relative, for every unit
PERCENT_POINTS = 0.5  # absolute, for percentages
REVIEW_NAME_WORDS = re.compile(r"\b(child|children|baby|young person|case|the|family|review|cspr|lcspr|scr)\b")
QUOTES = re.compile(r"[\"'‘’“”]")
YEAR_RANGE = re.compile(r"\b((?:19|20)\d\d)(?:\s*[-/\u2013]\s*(\d{2,4})\b)?")
COLUMNS = ["group", "name", "table", "n_gold", "n_predicted", "tp", "fp", "fn", "precision", "recall", "f1", "accuracy"]
OVERALL = "overall"

Row = dict[str, Any]


@dataclass
class Gold:
    """One document's gold labels, whichever format they were written in."""

    document: str
    kind: str | None
    partnership: str | None
    period: str | None
    facts: dict[str, list[Row]] = field(default_factory=dict)


@dataclass
class Outcome:
    """What scoring one table of one document found: matches, misses and extra rows."""

    tp: int = 0
    misses: list[Row] = field(default_factory=list)
    extras: list[Row] = field(default_factory=list)


# --- reading gold ------------------------------------------------------------------------------


def load_gold(gold_dir: Path) -> list[Gold]:
    """Every gold file in the folder, in file-name order; a folder without any is a user error."""
    if not Path(gold_dir).is_dir():
        raise GoldError(f"the gold folder does not exist: {gold_dir}; pass --gold with a folder of gold .json files")
    paths = sorted(Path(gold_dir).glob("*.json"))
    if not paths:
        raise GoldError(f"the gold folder {gold_dir} holds no .json gold files; pass --gold with a folder of gold .json files")
    return [_gold(path) for path in paths]


def _gold(path: Path) -> Gold:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GoldError(f"the gold file {path} cannot be read ({exc}); fix or remove it") from exc
    metadata = raw.get("metadata") or {}
    document = raw.get("source") or raw.get("document") or path.stem
    facts = {table: [_fact(table, item) for item in raw.get(table) or []] for table in FACT_TABLES}
    return Gold(
        document=str(document),
        kind=raw.get("kind") or metadata.get("kind"),
        partnership=raw.get("partnership", metadata.get("partnership")),
        period=raw.get("period", metadata.get("period_label")),
        facts=facts,
    )


def _fact(table: str, item: Any) -> Row:
    """A gold fact as a row; the development corpus writes priorities and recommendations as strings."""
    if isinstance(item, str):
        return {TEXT_FIELDS[table]: item}
    return dict(item)


# --- matching ----------------------------------------------------------------------------------


def _unit(value: float, unit: Any) -> tuple[float, str]:
    unit = str(unit or "").lower()
    if unit == "fraction":
        return value * 100, "percent"
    if unit in ("percent", "%", "percentage", "pct"):
        return value, "percent"
    if unit in ("gbp", "£", "pounds", "money"):
        return value, "gbp"
    return value, "count"


def statistic_match(gold: Row, predicted: Row) -> bool:
    try:
        gv, gu = _unit(float(gold["value"]), gold.get("unit"))
        pv, pu = _unit(float(predicted["value"]), predicted.get("unit"))
    except (KeyError, TypeError, ValueError):
        return False
    close = abs(gv - pv) <= max(VALUE_TOLERANCE * abs(gv), 1e-6)
    if not close and gu == pu == "percent":
        close = abs(gv - pv) <= PERCENT_POINTS
    return close and (gu == pu or "count" in (gu, pu))


def review_key(name: Any) -> str:
    """A review's name without the words that vary between mentions: 'Child ‘Ava’ (CSPR)' -> 'ava'."""
    text = QUOTES.sub("", str(name or "").lower())
    return " ".join(REVIEW_NAME_WORDS.sub(" ", text).split())


def review_match(gold: Row, predicted: Row) -> bool:
    a, b = review_key(gold.get("name")), review_key(predicted.get("name"))
    return bool(a) and bool(b) and (a == b or a in b or b in a)


def priority_match(gold: Row, predicted: Row) -> bool:
    return fuzz.token_set_ratio(str(gold.get("priority", "")).lower(), str(predicted.get("priority", "")).lower()) >= PRIORITY_THRESHOLD


def recommendation_match(gold: Row, predicted: Row) -> bool:
    a, b = str(gold.get("text", "")).lower(), str(predicted.get("text", "")).lower()
    return fuzz.partial_ratio(a, b) >= RECOMMENDATION_THRESHOLD or fuzz.token_set_ratio(a, b) >= RECOMMENDATION_THRESHOLD


MATCHERS: dict[str, Callable[[Row, Row], bool]] = {
    "priorities": priority_match,
    "statistics": statistic_match,
    "reviews": review_match,
    "recommendations": recommendation_match,
}


def match(table: str, gold: list[Row], predicted: list[Row]) -> Outcome:
    """One-to-one greedy matching in gold order, borderline gold last and optional."""
    matches, used, outcome = MATCHERS[table], set(), Outcome()
    for g in sorted(gold, key=lambda row: bool(row.get("borderline"))):
        hit = next((i for i, p in enumerate(predicted) if i not in used and matches(g, p)), None)
        if hit is not None:
            used.add(hit)
            outcome.tp += 0 if g.get("borderline") else 1
        elif not g.get("borderline"):
            outcome.misses.append(g)
    outcome.extras = [p for i, p in enumerate(predicted) if i not in used]
    return outcome


def years(period: Any) -> set[int]:
    """The years a period names: '2019/20' -> {2019, 2020}; 'April 2018 to March 2019' -> {2018, 2019}."""
    found: set[int] = set()
    for m in YEAR_RANGE.finditer(str(period or "")):
        first = int(m.group(1))
        found.add(first)
        if m.group(2):
            end = m.group(2)
            found.add(int(end) if len(end) == 4 else first // 100 * 100 + int(end))
    return found


def partnership_right(gold: str, document: Row) -> bool:
    name, area = document.get("partnership"), document.get("partnership_area")
    if isinstance(name, str) and name and fuzz.token_set_ratio(gold.lower(), name.lower()) >= PARTNERSHIP_THRESHOLD:
        return True
    return isinstance(area, str) and bool(area) and area.lower() in gold.lower()


# --- scoring -----------------------------------------------------------------------------------


@dataclass
class DocumentScore:
    """One gold document against the tables: an outcome per table and the metadata checks."""

    gold: Gold
    doc_id: Any
    outcomes: dict[str, Outcome]
    metadata: dict[str, bool | None]  # None: the gold has no value for the field


def score_documents(golds: Iterable[Gold], tables: dict[str, pd.DataFrame]) -> list[DocumentScore]:
    documents = tables.get("documents", pd.DataFrame(columns=["doc_id", "path"]))
    scores = []
    for gold in golds:
        doc_id = document_id(documents, gold.document)
        row = _rows(documents, doc_id)
        document = row[0] if row else {}
        outcomes = {table: match(table, gold.facts.get(table, []), _rows(tables.get(table), doc_id)) for table in FACT_TABLES}
        metadata: dict[str, bool | None] = {
            "partnership": partnership_right(gold.partnership, document) if gold.partnership else None,
            "period": (years(gold.period) == years(document.get("period_label"))) if years(gold.period) else None,
        }
        scores.append(DocumentScore(gold, doc_id, outcomes, metadata))
    return scores


def summarise(scores: list[DocumentScore], by: str | None = None) -> pd.DataFrame:
    """P/R/F1 per table and metadata accuracy: overall, and per `by` ("kind" or "document")."""
    groups: dict[tuple[str, str], list[DocumentScore]] = {(OVERALL, OVERALL): scores}
    if by:
        for s in scores:
            name = (s.gold.kind or "unknown") if by == "kind" else s.gold.document
            groups.setdefault((by, name), []).append(s)
    rows = []
    for (group, name), members in groups.items():
        for table in FACT_TABLES:
            tp = sum(m.outcomes[table].tp for m in members)
            fp = sum(len(m.outcomes[table].extras) for m in members)
            fn = sum(len(m.outcomes[table].misses) for m in members)
            precision = tp / (tp + fp) if tp + fp else float(fn == 0)
            recall = tp / (tp + fn) if tp + fn else float(fp == 0)
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            rows.append(
                {
                    "group": group,
                    "name": name,
                    "table": table,
                    "n_gold": tp + fn,
                    "n_predicted": tp + fp,
                    "tp": tp,
                    "fp": fp,
                    "fn": fn,
                    "precision": precision,
                    "recall": recall,
                    "f1": f1,
                    "accuracy": None,
                }
            )
        for field_name in METADATA_FIELDS:
            checks = [m.metadata[field_name] for m in members if m.metadata[field_name] is not None]
            right = sum(bool(c) for c in checks)
            rows.append(
                {
                    "group": group,
                    "name": name,
                    "table": field_name,
                    "n_gold": len(checks),
                    "n_predicted": None,
                    "tp": right,
                    "fp": None,
                    "fn": None,
                    "precision": None,
                    "recall": None,
                    "f1": None,
                    "accuracy": right / len(checks) if checks else None,
                }
            )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    counts = ["n_gold", "n_predicted", "tp", "fp", "fn"]
    return frame.astype({c: "Int64" for c in counts} | {c: "Float64" for c in COLUMNS[8:]})


def score(gold_dir: Path, tables: dict[str, pd.DataFrame], by: str | None = None) -> pd.DataFrame:
    """Precision, recall and F1 per fact table, and partnership and period accuracy."""
    return summarise(score_documents(load_gold(gold_dir), tables), by)


def details(scores: list[DocumentScore], dropped: pd.DataFrame | None = None) -> list[str]:
    """Each miss and each extra row, document by document: an extra with the sentence it came
    from, a miss with the candidates a rule dropped that look like it (from the `dropped` table),
    so a user can tell a rule that dropped the fact from a fact nothing proposed."""
    lines: list[str] = []
    for s in scores:
        if s.doc_id is None:
            lines.append(f"{s.gold.document}: not in the tables (every gold fact is a miss)")
        candidates = _rows(dropped, s.doc_id)
        for table in FACT_TABLES:
            outcome = s.outcomes[table]
            for miss in outcome.misses:
                lines.append(f"{s.gold.document}  {table}  MISSED  {_describe(table, miss)}")
                for candidate in _dropped_like(table, miss, candidates):
                    lines.append(f"    dropped by {candidate['rule']}: {' '.join(str(candidate['evidence']).split())[:120]!r}")
            for extra in outcome.extras:
                sentence = " ".join(str(extra.get("sentence") or "").split())[:200]
                lines.append(f"{s.gold.document}  {table}  EXTRA   {_describe(table, extra)}  <- {sentence}")
        for field_name, right in s.metadata.items():
            if right is False:
                lines.append(f"{s.gold.document}  {field_name}  WRONG  gold {getattr(s.gold, field_name)!r}")
    return lines


MAX_DROPPED_SHOWN = 3


def _dropped_like(table: str, miss: Row, candidates: list[Row]) -> list[Row]:
    """Dropped candidates of the table that could be the missed fact: the same number in a
    statistic's quote, or text close to a priority's, review's or recommendation's."""
    found: list[Row] = []
    for candidate in candidates:
        if candidate.get("table") != table:
            continue
        evidence = str(candidate.get("evidence") or "")
        if table == "statistics":
            quote = " ".join(str(miss.get("quote") or "").split()).lower()
            like = bool(evidence.strip()) and re.search(rf"(?<!\w){re.escape(evidence.strip().lower())}(?!\w)", quote) is not None
        else:
            like = fuzz.partial_ratio(str(miss.get(TEXT_FIELDS[table], "")).lower(), evidence.lower()) >= RECOMMENDATION_THRESHOLD
        key = (candidate.get("rule"), evidence)
        if like and key not in {(f.get("rule"), str(f.get("evidence") or "")) for f in found}:
            found.append(candidate)
    return found[:MAX_DROPPED_SHOWN]


def _describe(table: str, row: Row) -> str:
    if table == "statistics":
        hedge = f" ({row['qualifier']})" if row.get("qualifier") else ""
        what = row.get("quote") or row.get("label") or row.get("what") or ""
        return f"{row.get('value')} {row.get('unit')}{hedge}: {' '.join(str(what).split())[:120]}"
    return " ".join(str(row.get(TEXT_FIELDS[table], "")).split())[:200]


def document_id(documents: pd.DataFrame, document: str) -> Any:
    """The doc_id whose `path` is the gold file's document (or ends with the same file name)."""
    if documents.empty or "path" not in documents:
        return None
    paths = documents["path"].astype(str)
    exact = documents[paths == document]
    if exact.empty:
        exact = documents[paths.map(lambda p: PurePath(p).name) == PurePath(document).name]
    return exact["doc_id"].iloc[0] if not exact.empty else None


def _rows(frame: pd.DataFrame | None, doc_id: Any) -> list[Row]:
    if frame is None or frame.empty or doc_id is None or "doc_id" not in frame:
        return []
    return [{k: _none_if_nan(v) for k, v in row.items()} for row in frame[frame["doc_id"] == doc_id].to_dict("records")]


def _none_if_nan(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
