"""The comparison tables: on the corpus (values from tests/gold, written by reading the documents) and
on small hand-made tables for the rules (periods, absent vs not listed, one review counted once)."""

from __future__ import annotations

import shutil
from datetime import date

import pandas as pd
import pytest

from extractor import compare
from extractor.compare import COMPARISON_SCHEMAS, build, period_name, resolve, select
from extractor.query import query, read_tables
from tests.tablemaker import document, fact, publish

FY_2023 = (date(2023, 4, 1), date(2024, 3, 31), "2023-24")
CY_2023 = (date(2023, 1, 1), date(2023, 12, 31), "January-December 2023")


@pytest.fixture(scope="module")
def corpus(corpus_tables):
    return build(read_tables(corpus_tables))


def _cell(matrix: pd.DataFrame, partnership: str, period: str, key: str) -> pd.Series:
    rows = matrix[(matrix["partnership"] == partnership) & (matrix["period"] == period) & (matrix["priority_key"] == key)]
    assert len(rows) == 1, f"no single {key} cell for {partnership} {period}"
    return rows.iloc[0]


# --- the corpus --------------------------------------------------------------------------------


def test_both_partnerships_are_in_every_comparison_table_that_has_their_facts(corpus):
    assert corpus.partnerships == ["Wirral", "Worcestershire"]
    assert set(corpus.metric_series["partnership"]) == {"Wirral", "Worcestershire"}
    assert set(corpus.review_summary["partnership"]) == {"Wirral", "Worcestershire"}
    assert set(corpus.priority_matrix["partnership"]) == {"Wirral", "Worcestershire"}


def test_priority_matrix_has_wirrals_neglect_priority_with_its_wording(corpus):
    # gold, 2023 committee paper (calendar 2023): "Strategy for Neglect; Systemic Practice; Breaking the Cycle; ..."
    neglect = _cell(corpus.priority_matrix, "Wirral", "2023", "neglect")
    assert neglect["present"] == True
    assert "Strategy for Neglect" in neglect["wording"]
    assert neglect["page"] == 3
    # gold, 2023-24 summary: Embedding Systemic Practice, Safeguarding and Education, Embedding Change
    assert "Embedding Systemic Practice" in _cell(corpus.priority_matrix, "Wirral", "2023-24", "systemic_practice")["wording"]
    assert _cell(corpus.priority_matrix, "Wirral", "2023-24", "neglect")["present"] == False


def test_a_period_whose_documents_list_no_priorities_is_unknown_not_absent(corpus):
    # gold: the Worcestershire paper names no priorities of its own, nor does Wirral's 2016-17 report on a page
    assert pd.isna(_cell(corpus.priority_matrix, "Worcestershire", "Oct 2020 – Sep 2021", "neglect")["present"])
    assert pd.isna(_cell(corpus.priority_matrix, "Wirral", "2016-17", "neglect")["present"])


def test_metric_series_has_the_figures_with_their_sources(corpus):
    series = corpus.metric_series
    cpp = series[(series["partnership"] == "Wirral") & (series["metric"] == "child_protection_plans") & (series["unit"] == "count")]
    # gold: "In March 2024 there were 372 children subject to a child protection plan", page 1 of the 2023-24 summary
    assert cpp[["period", "value", "stat_period", "page"]].values.tolist() == [["2023-24", 372.0, "March 2024", 1]]
    assert cpp["path"].tolist() == ["wirral-scp-annual-report-2023-24-summary.pdf"]
    assert cpp["metric_label"].tolist() == ["Children subject to a child protection plan"]
    worcestershire = series[(series["partnership"] == "Worcestershire") & (series["metric"] == "reviews_published")]
    # gold: "conducted three rapid reviews", page 3
    assert 3.0 in worcestershire["value"].tolist()
    assert set(worcestershire["page"]) == {3}


def test_review_summary_counts_reviews_by_kind_and_theme(corpus):
    summary = corpus.review_summary
    cspr = summary[(summary["partnership"] == "Wirral") & (summary["period"] == "2023-24") & (summary["dimension"] == "kind")
                   & (summary["category"] == "CSPR")]
    # gold, 2023-24 summary: Noah and Ollie are published CSPRs
    assert cspr["n_reviews"].tolist() == [2]
    assert set(cspr["reviews"].iloc[0].split("; ")) == {"Noah", "Ollie"}
    physical = summary[(summary["partnership"] == "Worcestershire") & (summary["dimension"] == "theme")
                       & (summary["category"] == "physical abuse")]
    # gold: "The Myth of Invisible Men" (national review), themes non-accidental injury and physical abuse
    assert "The Myth of Invisible Men" in physical["reviews"].iloc[0]


def test_written_tables_match_their_schemas_and_are_queryable(corpus_tables, tmp_path):
    tables = tmp_path / "tables"
    shutil.copytree(corpus_tables, tables, symlinks=True)
    summary = compare.run(tables, ["Wirral", "Worcestershire"], tmp_path / "compare.html")
    assert summary.partnerships == ["Wirral", "Worcestershire"] and summary.missing == []
    assert (tmp_path / "compare.html").is_file()
    for name, schema in COMPARISON_SCHEMAS.items():
        assert pd.read_parquet(tables / "comparison" / name).columns.tolist() == schema.names
    found = query("select period, wording from priority_matrix where partnership = 'Wirral' and priority_key = 'neglect' and present",
                  tables)
    assert "Strategy for Neglect" in " ".join(found["wording"])


# --- choosing partnerships ---------------------------------------------------------------------


def test_partnerships_match_by_area_or_name_case_insensitively_in_the_order_asked(corpus):
    found, missing = resolve(corpus.documents, ["worcestershire SAFEGUARDING children partnership", "WIRRAL", "Narnia"])
    assert found == ["Worcestershire", "Wirral"] and missing == ["Narnia"]
    # the Board (2016-17) and the Partnership are one line: Wirral
    assert resolve(corpus.documents, ["Wirral Safeguarding Children Board"]) == (["Wirral"], [])
    assert resolve(corpus.documents, []) == (["Wirral", "Worcestershire"], [])


def test_select_keeps_only_the_chosen_partnerships(corpus):
    only = select(corpus, ["Worcestershire"])
    assert only.partnerships == ["Worcestershire"]
    for frame in (only.documents, only.metric_series, only.review_summary, only.reviews, only.statistics):
        assert set(frame["partnership"]) == {"Worcestershire"}
    assert only.priority_matrix.empty  # no priority key it names


# --- rules, on hand-made tables ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "label", "expected"),
    [
        (date(2023, 4, 1), date(2024, 3, 31), "2023/24", "2023-24"),
        (date(2023, 1, 1), date(2023, 12, 31), "January to December 2023", "2023"),
        (date(2020, 10, 1), date(2021, 9, 30), "October 2020 – September 2021", "Oct 2020 – Sep 2021"),
        (date(2024, 3, 1), date(2024, 3, 31), "March 2024", "Mar 2024"),
        (None, None, "  the  last year ", "the last year"),
        (None, None, None, "undated"),
    ],
)
def test_period_names(start, end, label, expected):
    assert period_name(start, end, label) == expected


def test_present_is_true_false_or_unknown(tmp_path):
    listing = document("a.pdf", "Our priorities: Neglect; Exploitation.", area="A", period=FY_2023)
    silent = document("b.pdf", "A report with no priorities.", area="A", period=CY_2023)
    other = document("c.pdf", "Our priority: Neglect.", area="B", period=FY_2023)
    publish(tmp_path, [listing, silent, other], priorities=[
        fact(listing, "Neglect", priority="Neglect", priority_key="neglect", rank=1),
        fact(listing, "Exploitation", priority="Exploitation", priority_key="exploitation", rank=2),
        fact(other, "Neglect", priority="Neglect", priority_key="neglect", rank=1),
    ])
    matrix = build(read_tables(tmp_path)).priority_matrix
    assert _cell(matrix, "A", "2023-24", "exploitation")["present"] == True
    assert _cell(matrix, "B", "2023-24", "exploitation")["present"] == False
    assert pd.isna(_cell(matrix, "A", "2023", "neglect")["present"])
    assert _cell(matrix, "A", "2023-24", "neglect")["n_mentions"] == 1


def test_a_review_named_in_two_documents_of_a_period_counts_once_with_all_its_themes(tmp_path):
    first = document("a.pdf", "The CSPR Noah was published.", area="A", period=FY_2023)
    second = document("b.pdf", "Learning from Noah.", area="A", period=FY_2023)
    publish(tmp_path, [first, second], reviews=[
        fact(first, "Noah", name="Noah", kind="CSPR", status="published", themes=["neglect"]),
        fact(second, "Noah", name="Noah", kind=None, status=None, themes=["domestic abuse"]),
    ])
    summary = build(read_tables(tmp_path)).review_summary
    kinds = summary[summary["dimension"] == "kind"]
    assert kinds[["category", "n_reviews", "reviews"]].values.tolist() == [["CSPR", 1, "Noah"]]
    themes = summary[summary["dimension"] == "theme"].sort_values("category")
    assert themes[["category", "n_reviews"]].values.tolist() == [["domestic abuse", 1], ["neglect", 1]]


def test_documents_without_a_partnership_or_unread_are_left_out(tmp_path):
    known = document("a.pdf", "Text.", area="A")
    unknown = document("b.pdf", "Text.", area=None, partnership=None)
    failed = document("c.pdf", "", area="C", status="failed", error="corrupt")
    publish(tmp_path, [known, unknown, failed])
    comparison = build(read_tables(tmp_path))
    assert comparison.partnerships == ["A"]
    assert comparison.documents["path"].tolist() == ["a.pdf"]


def test_empty_tables_give_empty_comparison_tables_of_the_declared_schemas(tmp_path):
    publish(tmp_path, [])
    comparison = build(read_tables(tmp_path))
    assert comparison.partnerships == []
    for name, frame in comparison.tables().items():
        assert frame.empty and frame.columns.tolist() == COMPARISON_SCHEMAS[name].names
    compare.write(comparison, tmp_path)
    assert query("select count(*) as n from review_summary", tmp_path)["n"].tolist() == [0]
