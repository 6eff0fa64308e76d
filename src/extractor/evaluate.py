"""Score extracted tables against the hand-written gold files in `tests/gold`.

`score(gold_dir, tables)` returns one row per (table, split) with counts and
precision / recall / F1, for the four fact tables, plus document metadata accuracy (overall
and per field). Splits are each gold file's `split` ("tune", "held_out") and "overall".

Which document a gold file describes: its `"document"` field equals the `path` column of the
`documents` table (the file name relative to the corpus); a path that differs only by
leading directories also matches. A gold document with no extracted row scores every gold
fact as missed. Extracted documents without a gold file are not scored.

Matching rules (one-to-one, greedy: every candidate pair that passes is scored, and pairs
are taken best first, so a fact is never matched twice):

* statistics: the same value after rounding both to `VALUE_DECIMALS` decimals, and the
  same unit; when both rows have a label, the labels must share at least one content word
  (lenient, because labels are the text's own words and annotators choose their extent).
  Ties prefer the larger label overlap.
* reviews: names normalised (lower case, punctuation dropped, the words "the" and "child"
  removed, so "Child Ava" = "Ava" and "the Jones children" = "Jones children") match when
  `rapidfuzz.fuzz.ratio` >= `REVIEW_THRESHOLD`.
* priorities (`priority`) and recommendations (`text`): `rapidfuzz.fuzz.token_set_ratio`
  >= `TEXT_THRESHOLD` on the lower-cased text.
* metadata: each field in the gold file's `metadata` is compared with the documents row,
  after collapsing whitespace, ignoring case, treating dash variants alike and writing dates
  as YYYY-MM-DD; a missing value equals null.

Only the matching keys are scored; the other fields (kind, status, key, action, ...) are not.
Precision with nothing predicted is 1.0 when nothing was expected and 0.0 otherwise (and
likewise for recall), so a split with no facts of a table never reads as a failure.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

import pandas as pd
from rapidfuzz import fuzz

FACT_TABLES = ("priorities", "statistics", "reviews", "recommendations")
METADATA_TABLE = "metadata"
OVERALL = "overall"
VALUE_DECIMALS = 3
REVIEW_THRESHOLD = 85.0
TEXT_THRESHOLD = 80.0
REVIEW_NAME_STOPWORDS = frozenset({"the", "child"})
LABEL_STOPWORDS = frozenset(
    "a an the of to in on for from by with and or at as is are was were be been this that these those "
    "our their its his her who which per".split()
)
DASHES = str.maketrans({"–": "-", "—": "-", "‒": "-", "―": "-", "−": "-"})
COLUMNS = ["table", "split", "n_gold", "n_predicted", "tp", "fp", "fn", "precision", "recall", "f1", "accuracy"]

Row = dict[str, Any]


@dataclass
class Counts:
    n_gold: int = 0
    n_predicted: int = 0
    tp: int = 0

    def add(self, other: "Counts") -> None:
        self.n_gold += other.n_gold
        self.n_predicted += other.n_predicted
        self.tp += other.tp


def score(gold_dir: Path, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Precision, recall and F1 per fact table and split, and metadata accuracy."""
    gold_files = load_gold(Path(gold_dir))
    documents = tables.get("documents", pd.DataFrame(columns=["doc_id", "path"]))
    counts: dict[tuple[str, str], Counts] = {}
    for gold in gold_files:
        doc_id = document_id(documents, gold["document"])
        for split in (gold.get("split", "tune"), OVERALL):
            for table in FACT_TABLES:
                predicted = _rows(tables.get(table), doc_id)
                result = _count(table, gold.get(table) or [], predicted)
                counts.setdefault((table, split), Counts()).add(result)
            for field, correct in _metadata_checks(gold.get("metadata") or {}, documents, doc_id):
                for name in (METADATA_TABLE, f"{METADATA_TABLE}.{field}"):
                    counts.setdefault((name, split), Counts()).add(Counts(1, 1, int(correct)))
    return pd.DataFrame([_summary(table, split, c) for (table, split), c in sorted(counts.items(), key=_order)], columns=COLUMNS)


def load_gold(gold_dir: Path) -> list[dict[str, Any]]:
    """Every gold file in the directory, in file-name order."""
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(gold_dir.glob("*.json"))]


def document_id(documents: pd.DataFrame, document: str) -> Any:
    """The doc_id whose `path` is the gold file's document (or ends with the same file name)."""
    if documents.empty or "path" not in documents:
        return None
    paths = documents["path"].astype(str)
    exact = documents[paths == document]
    if exact.empty:
        exact = documents[paths.map(lambda p: PurePath(p).name) == PurePath(document).name]
    return exact["doc_id"].iloc[0] if not exact.empty else None


# --- matching ---------------------------------------------------------------------------------


def match(table: str, gold: list[Row], predicted: list[Row]) -> list[tuple[int, int]]:
    """One-to-one greedy matching: (gold index, predicted index) pairs, best score first."""
    scorer = SCORERS[table]
    pairs = []
    for g, gold_row in enumerate(gold):
        for p, predicted_row in enumerate(predicted):
            value = scorer(gold_row, predicted_row)
            if value is not None:
                pairs.append((value, -g, -p))
    matched: list[tuple[int, int]] = []
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    for _, g, p in sorted(pairs, reverse=True):
        if -g in used_gold or -p in used_predicted:
            continue
        used_gold.add(-g)
        used_predicted.add(-p)
        matched.append((-g, -p))
    return sorted(matched)


def _statistic_score(gold: Row, predicted: Row) -> float | None:
    if _rounded(gold.get("value")) is None or _rounded(gold.get("value")) != _rounded(predicted.get("value")):
        return None
    if _text(gold.get("unit")) != _text(predicted.get("unit")):
        return None
    gold_words, predicted_words = _label_words(gold.get("label")), _label_words(predicted.get("label"))
    if gold_words and predicted_words:
        shared = gold_words & predicted_words
        if not shared:
            return None
        return 1.0 + len(shared) / len(gold_words | predicted_words)
    return 1.0


def _review_score(gold: Row, predicted: Row) -> float | None:
    value = fuzz.ratio(review_name(gold.get("name")), review_name(predicted.get("name")))
    return value if value >= REVIEW_THRESHOLD else None


def _text_scorer(field: str) -> Callable[[Row, Row], float | None]:
    def scorer(gold: Row, predicted: Row) -> float | None:
        a, b = _text(gold.get(field)) or "", _text(predicted.get(field)) or ""
        if not a or not b:
            return None
        value = fuzz.token_set_ratio(a, b)
        return value + fuzz.ratio(a, b) / 1000 if value >= TEXT_THRESHOLD else None  # ratio breaks ties

    return scorer


SCORERS: dict[str, Callable[[Row, Row], float | None]] = {
    "statistics": _statistic_score,
    "reviews": _review_score,
    "priorities": _text_scorer("priority"),
    "recommendations": _text_scorer("text"),
}


def review_name(name: Any) -> str:
    """'Child Ava' -> 'ava'; 'the Jones children' -> 'jones children'."""
    words = "".join(c.lower() if c.isalnum() else " " for c in str(name or "")).split()
    return " ".join(w for w in words if w not in REVIEW_NAME_STOPWORDS)


# --- counting ---------------------------------------------------------------------------------


def _count(table: str, gold: list[Row], predicted: list[Row]) -> Counts:
    return Counts(len(gold), len(predicted), len(match(table, gold, predicted)))


def _rows(frame: pd.DataFrame | None, doc_id: Any) -> list[Row]:
    if frame is None or frame.empty or doc_id is None or "doc_id" not in frame:
        return []
    return [{k: _none_if_nan(v) for k, v in row.items()} for row in frame[frame["doc_id"] == doc_id].to_dict("records")]


def _metadata_checks(gold: Row, documents: pd.DataFrame, doc_id: Any) -> list[tuple[str, bool]]:
    rows = _rows(documents, doc_id)
    predicted = rows[0] if rows else {}
    return [(field, _metadata_value(value) == _metadata_value(predicted.get(field))) for field, value in gold.items()]


def _summary(table: str, split: str, counts: Counts) -> Row:
    fp = counts.n_predicted - counts.tp
    fn = counts.n_gold - counts.tp
    precision = counts.tp / counts.n_predicted if counts.n_predicted else float(counts.n_gold == 0)
    recall = counts.tp / counts.n_gold if counts.n_gold else float(counts.n_predicted == 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    is_metadata = table.startswith(METADATA_TABLE)
    return {
        "table": table,
        "split": split,
        "n_gold": counts.n_gold,
        "n_predicted": counts.n_predicted,
        "tp": counts.tp,
        "fp": None if is_metadata else fp,
        "fn": None if is_metadata else fn,
        "precision": None if is_metadata else precision,
        "recall": None if is_metadata else recall,
        "f1": None if is_metadata else f1,
        "accuracy": counts.tp / counts.n_gold if is_metadata and counts.n_gold else None,
    }


def _order(item: tuple[tuple[str, str], Counts]) -> tuple[int, str, int, str]:
    (table, split), _ = item
    table_rank = FACT_TABLES.index(table) if table in FACT_TABLES else len(FACT_TABLES)
    split_rank = {"tune": 0, "held_out": 1, OVERALL: 2}.get(split, 1)
    return table_rank, table, split_rank, split


# --- value normalisation ----------------------------------------------------------------------


def _none_if_nan(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT or (not isinstance(value, (list, dict, str)) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    return value


def _rounded(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else round(number, VALUE_DECIMALS)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).translate(DASHES).split()).lower()
    return text or None


def _label_words(label: Any) -> set[str]:
    words = "".join(c.lower() if c.isalnum() else " " for c in str(label or "")).split()
    return {w.rstrip("s") or w for w in words if w not in LABEL_STOPWORDS}


def _metadata_value(value: Any) -> str | None:
    value = _none_if_nan(value)
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    return _text(value)
