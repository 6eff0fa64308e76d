"""`extractor.evaluate.score` on small hand-made gold files and tables."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from extractor.evaluate import match, review_name, score

TUNE_DOC = "anytown-annual-report-2023-24.pdf"
HELD_DOC = "othertown-committee-2024.pdf"


def write_gold(directory: Path, document: str, split: str, **tables) -> None:
    gold = {"document": document, "split": split, "metadata": tables.pop("metadata", {})}
    gold.update({t: tables.get(t, []) for t in ("priorities", "statistics", "reviews", "recommendations")})
    (directory / f"{document}.json").write_text(json.dumps(gold), encoding="utf-8")


@pytest.fixture()
def gold_dir(tmp_path: Path) -> Path:
    write_gold(
        tmp_path,
        TUNE_DOC,
        "tune",
        metadata={"partnership": "Anytown Safeguarding Children Partnership", "period_label": "April 2023 – March 2024", "period_start": "2023-04-01", "meeting_date": None},
        priorities=[{"priority": "Strategy for Neglect"}, {"priority": "Systemic Practice"}],
        statistics=[
            {"value": 0.3333, "unit": "fraction", "label": "contacts converting to referrals"},
            {"value": 372, "unit": "count", "label": "children subject to a child protection plan"},
            {"value": 50, "unit": "percent", "label": "attendees from the LA"},
        ],
        reviews=[{"name": "Noah"}, {"name": "the Taylor children"}],
        recommendations=[{"text": "note the annual report"}],
    )
    write_gold(tmp_path, HELD_DOC, "held_out", reviews=[{"name": "Child Q"}], metadata={"partnership": "Othertown Partnership"})
    return tmp_path


def tables(**facts: list[dict]) -> dict[str, pd.DataFrame]:
    documents = pd.DataFrame(
        [
            {"doc_id": "a", "path": TUNE_DOC, "partnership": "Anytown Safeguarding  Children Partnership", "period_label": "April 2023 - March 2024", "period_start": pd.Timestamp("2023-04-01"), "meeting_date": None},
            {"doc_id": "b", "path": f"sub/{HELD_DOC}", "partnership": "Somewhere Else"},
        ]
    )
    return {"documents": documents, **{name: pd.DataFrame(rows) for name, rows in facts.items()}}


def row(frame: pd.DataFrame, table: str, split: str) -> dict:
    found = frame[(frame.table == table) & (frame.split == split)]
    assert len(found) == 1, (table, split)
    return found.iloc[0].to_dict()


def test_review_names_match_without_the_and_child(gold_dir):
    result = score(
        gold_dir,
        tables(reviews=[{"doc_id": "a", "name": "Child Noah"}, {"doc_id": "a", "name": "Taylor children"}, {"doc_id": "a", "name": "Ollie"}, {"doc_id": "b", "name": "Child Q"}]),
    )
    tune = row(result, "reviews", "tune")
    assert (tune["tp"], tune["fp"], tune["fn"]) == (2, 1, 0)
    assert tune["precision"] == pytest.approx(2 / 3) and tune["recall"] == 1.0
    held = row(result, "reviews", "held_out")
    assert (held["tp"], held["precision"], held["recall"]) == (1, 1.0, 1.0)
    overall = row(result, "reviews", "overall")
    assert (overall["n_gold"], overall["n_predicted"], overall["tp"]) == (3, 4, 3)


def test_statistics_need_value_unit_and_a_shared_label_word(gold_dir):
    predicted = [
        {"doc_id": "a", "value": 1 / 3, "unit": "fraction", "label": "converting to referrals"},  # rounds to the gold value
        {"doc_id": "a", "value": 372, "unit": "percent", "label": "children subject to a plan"},  # wrong unit
        {"doc_id": "a", "value": 50, "unit": "percent", "label": "staff from health"},  # labels share no word
        {"doc_id": "a", "value": 50, "unit": "percent", "label": None},  # no label: value and unit decide
    ]
    stats = row(score(gold_dir, tables(statistics=predicted)), "statistics", "tune")
    assert (stats["tp"], stats["fp"], stats["fn"]) == (2, 2, 1)


def test_matching_is_one_to_one():
    gold = [{"priority": "Strategy for Neglect"}]
    predicted = [{"priority": "Neglect strategy"}, {"priority": "Strategy for Neglect"}]
    assert match("priorities", gold, predicted) == [(0, 1)]


def test_text_tables_use_token_set_ratio(gold_dir):
    result = score(
        gold_dir,
        tables(
            priorities=[{"doc_id": "a", "priority": "strategy for neglect"}, {"doc_id": "a", "priority": "Breaking the Cycle"}],
            recommendations=[{"doc_id": "a", "text": "note the annual report."}],
        ),
    )
    priorities = row(result, "priorities", "tune")
    assert (priorities["tp"], priorities["fp"], priorities["fn"]) == (1, 1, 1)
    assert row(result, "recommendations", "tune")["f1"] == 1.0


def test_missing_document_counts_every_gold_fact_as_missed(gold_dir):
    frames = tables()
    frames["documents"] = frames["documents"][frames["documents"].doc_id == "a"]
    held = row(score(gold_dir, frames), "reviews", "held_out")
    assert (held["tp"], held["fn"], held["recall"]) == (0, 1, 0.0)


def test_empty_tables_score_as_perfect_only_when_nothing_is_expected(gold_dir):
    result = score(gold_dir, tables())
    assert row(result, "priorities", "held_out")["precision"] == 1.0  # no gold, nothing predicted
    assert row(result, "priorities", "tune")["recall"] == 0.0


def test_metadata_accuracy_per_field(gold_dir):
    result = score(gold_dir, tables())
    tune = row(result, "metadata", "tune")
    assert (tune["n_gold"], tune["tp"], tune["accuracy"]) == (4, 4, 1.0)  # whitespace, dash and date forms differ
    held = row(result, "metadata.partnership", "held_out")
    assert held["accuracy"] == 0.0


def test_review_name_normalisation():
    assert review_name("the Taylor children") == "taylor children"
    assert review_name("Child Noah") == review_name("‘Noah’") == "noah"
