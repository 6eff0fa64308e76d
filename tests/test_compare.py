"""The comparison tables: on the bundled corpus (values from tests/gold, written by reading the
documents), and on small hand-made tables, one test per rule (reporting years, plans, reviews as
entities, measures that count the same thing). The development corpus is in test_compare_genre.py."""

from __future__ import annotations

import shutil
from datetime import date

import pandas as pd
import pytest

from extractor import compare, steps
from extractor.compare import build, period_name, resolve, select
from extractor.compare.names import plan_period
from extractor.config import Settings
from extractor.query import query, read_tables
from extractor.tables import COMPARISON_SCHEMAS
from tests.tablemaker import document, fact, publish

FY_2022 = (date(2022, 4, 1), date(2023, 3, 31), "2022/23")
FY_2023 = (date(2023, 4, 1), date(2024, 3, 31), "2023-24")
CY_2023 = (date(2023, 1, 1), date(2023, 12, 31), "January-December 2023")
PLAN_2022_25 = (date(2022, 4, 1), date(2025, 3, 31), "2022 to 2025")
COMMITTEE_PAPER = "wirral-2025-01-22-cype-committee-scp-annual-report-2023.pdf"
SUMMARY = "wirral-scp-annual-report-2023-24-summary.pdf"


@pytest.fixture(scope="module")
def corpus(corpus_tables):
    return build(read_tables(corpus_tables))


def _register(comparison, partnership: str, word: str) -> pd.Series:
    register = comparison.review_register
    rows = register[(register["partnership"] == partnership) & register["name"].str.contains(word, case=False)]
    assert len(rows) == 1, f"{len(rows)} register rows for {word!r} in {partnership}: {rows['name'].tolist()}"
    return rows.iloc[0]


# --- the bundled corpus ------------------------------------------------------------------------


def test_the_committee_paper_and_the_summary_of_the_same_year_are_one_reporting_year(corpus):
    years = corpus.reporting_years.set_index("path")
    # the paper presents the January-December 2023 report; the summary is of 2023-24
    assert years.loc[COMMITTEE_PAPER, "period"] == years.loc[SUMMARY, "period"]
    assert years.loc[COMMITTEE_PAPER, "document_period"] == "2023" and years.loc[SUMMARY, "document_period"] == "2023-24"
    others = years.drop(index=[COMMITTEE_PAPER, SUMMARY])
    assert years.loc[SUMMARY, "period"] not in set(others["period"])  # 2016-17, 2021 and Worcestershire stay apart
    assert corpus.reporting_years.groupby("partnership")["period"].nunique().to_dict() == {"Wirral": 3, "Worcestershire": 1}


def test_each_named_review_is_one_row_per_partnership_with_its_status(corpus):
    # gold: the paper and the summary both name the published CSPRs Noah and Ollie
    for name in ("Noah", "Ollie"):
        row = _register(corpus, "Wirral", name)
        assert row["status"] == "published" and row["scope"] == "local" and row["n_documents"] == 2
        assert len(corpus.review_mentions[corpus.review_mentions["review_id"] == row["review_id"]]) == 2
    # "Learning reviews were also completed on Emily and Lily ..., and the Taylor children ..." (the summary)
    for name in ("Emily", "Taylor"):
        assert _register(corpus, "Wirral", name)["status"] == "completed"
    assert _register(corpus, "Worcestershire", "Sarah")["status"] == "published"  # "This review, published in April 2021"


def test_a_national_panel_review_is_not_counted_as_the_partnerships_own(corpus):
    # "the National Review Panel published a report entitled 'The Myth of Invisible Men'"
    assert _register(corpus, "Worcestershire", "Invisible Men")["scope"] == "national"
    summary = corpus.review_summary
    own = summary[(summary["partnership"] == "Worcestershire") & (summary["dimension"] != "scope")]
    assert not own["reviews"].str.contains("Invisible Men").any()
    assert "Invisible Men" in summary[(summary["dimension"] == "scope") & (summary["category"] == "national")]["reviews"].str.cat()


def test_the_2022_24_priorities_appear_once_as_one_plan(corpus):
    matrix = corpus.priority_matrix
    wirral = matrix[(matrix["partnership"] == "Wirral") & matrix["present"].fillna(False).astype(bool)]
    # gold: "a published Business Plan for 2022-24 which sets out the four priority areas for the partnership:
    # Strategy for Neglect; Systemic Practice; Breaking the Cycle; Safeguarding and Education" (the committee paper)
    for wording in ("Strategy for Neglect", "Systemic Practice", "Breaking the Cycle", "Safeguarding and Education"):
        rows = wirral[wirral["wording"].str.contains(wording, regex=False) & (wirral["period"] == "2022-24")]
        assert len(rows) == 1, wording
        assert rows.iloc[0]["placed_by"] == "plan" and rows.iloc[0]["period_kind"] == "plan period"
    assert not (wirral["period"].str.contains("2023") & wirral["wording"].str.contains("Strategy for Neglect")).any()


def test_no_chart_sets_worcestershires_reviews_against_wirrals(corpus):
    series = corpus.metric_series
    # gold: Worcestershire "conducted three rapid reviews", commissioned "two child safeguarding practice reviews" and
    # "published one Child Safeguarding Practice Review"; Wirral "published two statutory child safeguarding practice
    # reviews" and has "two other learning reviews nearing completion". Only the published CSPRs are the same thing.
    reviews = series[series["metric"] == "reviews_published"]
    assert set(reviews["partnership"]) == {"Wirral", "Worcestershire"}
    shared = reviews[reviews["n_partnerships"] == 2]
    assert sorted(zip(shared["partnership"], shared["value"])) == [("Wirral", 2.0), ("Worcestershire", 1.0)]
    assert shared["definition"].nunique() == 1 and "stage=published" in shared["definition"].iloc[0]
    alone = reviews[reviews["n_partnerships"] != 2]
    assert (alone["n_partnerships"] == 1).all() and alone["definition"].nunique() == len(alone)


def test_figures_keep_their_sources(corpus):
    series = corpus.metric_series
    cpp = series[(series["partnership"] == "Wirral") & (series["metric"] == "child_protection_plans") & (series["unit"] == "count")]
    # gold: "In March 2024 there were 372 children subject to a child protection plan", page 1 of the 2023-24 summary
    assert cpp[["value", "stat_period", "page", "path"]].values.tolist() == [[372.0, "March 2024", 1, SUMMARY]]
    assert cpp["sources"].iloc[0].tolist() == [f"{SUMMARY}, page 1"]


def test_written_tables_match_their_schemas_and_are_queryable(corpus_tables, tmp_path):
    tables = tmp_path / "tables"
    shutil.copytree(corpus_tables, tables, symlinks=True)
    summary = steps.compare(Settings(out=tables), ["Wirral", "Worcestershire"], tmp_path / "compare.html")
    assert summary.partnerships == ["Wirral", "Worcestershire"] and summary.missing == []
    assert (tmp_path / "compare.html").is_file() and len(list((tmp_path / "show").glob("*.html"))) == 5
    for name, schema in COMPARISON_SCHEMAS.items():
        assert pd.read_parquet(tables / "comparison" / name).columns.tolist() == schema.names
    found = query("select name, status from review_register where partnership = 'Wirral' and name = 'Noah'", tables)
    assert found.values.tolist() == [["Noah", "published"]]


def test_partnerships_match_by_area_or_name_case_insensitively_in_the_order_asked(corpus):
    found, missing = resolve(corpus.documents, ["worcestershire SAFEGUARDING children partnership", "WIRRAL", "Narnia"])
    assert found == ["Worcestershire", "Wirral"] and missing == ["Narnia"]
    assert resolve(corpus.documents, ["Wirral Safeguarding Children Board"]) == (["Wirral"], [])  # the Board of 2016-17
    assert resolve(corpus.documents, []) == (["Wirral", "Worcestershire"], [])


def test_select_keeps_only_the_chosen_partnerships(corpus):
    only = select(corpus, ["Worcestershire"])
    assert only.partnerships == ["Worcestershire"]
    for frame in (only.documents, only.metric_series, only.review_register, only.review_mentions, only.statistics):
        assert set(frame["partnership"]) == {"Worcestershire"}


# --- periods -----------------------------------------------------------------------------------


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


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2022-24", "2022-24"),
        ("2022/2024", "2022-24"),
        ("2023 to 2026", "2023-26"),
        ("for 2024-25", "2024-25"),
        ("2025", "2025"),
        ("next year", None),
    ],
)
def test_plan_periods(written, expected):
    found = plan_period(written)
    assert (found[0] if found else None) == expected


# --- rules on hand-made tables -----------------------------------------------------------------


def test_documents_of_one_year_are_one_reporting_year_and_neighbouring_years_are_not(tmp_path):
    paper = document("paper.pdf", "The board received the annual report.", area="A", kind="committee_paper", period=CY_2023)
    report = document("report.pdf", "Annual report.", area="A", period=FY_2023)
    earlier = document("earlier.pdf", "Annual report.", area="A", period=FY_2022)  # 3 months overlap with 2023: apart
    plan = document("plan.pdf", "Business plan.", area="A", period=PLAN_2022_25)  # three years: its own
    other = document("other.pdf", "Annual report.", area="B", period=FY_2023)
    undated = document("undated.pdf", "Newsletter.", area="A")
    publish(tmp_path, [paper, report, earlier, plan, other, undated])
    years = build(read_tables(tmp_path)).reporting_years.set_index("path")
    assert years.loc["paper.pdf", "period"] == years.loc["report.pdf", "period"] == "2023 / 2023-24"
    assert years.loc["report.pdf", "period_kind"] == "mixed"
    assert years.loc["earlier.pdf", "period"] == "2022-23" and years.loc["earlier.pdf", "period_kind"] == "financial year"
    assert years.loc["plan.pdf", "period"] == "Apr 2022 – Mar 2025"
    assert years.loc["other.pdf", "period"] == "2023-24"  # another partnership's year is its own
    assert years.loc["undated.pdf", "period"] == "undated"


def test_a_plans_priorities_are_one_set_whichever_documents_state_them(tmp_path):
    first = document("2022.pdf", "Our plan for 2022 to 2025: Neglect; Exploitation.", area="A", period=FY_2022)
    second = document("2023.pdf", "The 2022/25 plan priorities remain Neglect, Exploitation and Online safety.", area="A", period=FY_2023)
    loose = document("2024.pdf", "This year we focused on Neglect.", area="A", period=(date(2024, 4, 1), date(2025, 3, 31), "2024-25"))
    silent = document("2021.pdf", "No priorities here.", area="A", period=(date(2021, 4, 1), date(2022, 3, 31), "2021-22"))
    publish(
        tmp_path,
        [first, second, loose, silent],
        priorities=[
            fact(first, "Neglect", priority="Neglect", priority_key="neglect", plan_period="2022 to 2025", rank=1),
            fact(first, "Exploitation", priority="Exploitation", priority_key="exploitation", plan_period="2022 to 2025", rank=2),
            fact(second, "Neglect", priority="Neglect", priority_key="neglect", plan_period="2022/25", rank=1),
            fact(second, "Exploitation", priority="Exploitation", priority_key="exploitation", plan_period="2022/25", rank=3),
            fact(second, "Online safety", priority="Online safety", priority_key="online_safety", plan_period="2022/25"),
            fact(loose, "Neglect", priority="Neglect", priority_key="neglect"),
        ],
    )
    matrix = build(read_tables(tmp_path)).priority_matrix
    plan = matrix[matrix["period"] == "2022-25"].set_index("priority_key")
    assert plan["present"].to_dict() == {"exploitation": True, "neglect": True, "online_safety": True}
    assert plan.loc["neglect", "n_documents"] == 2 and plan.loc["neglect", "rank"] == 1
    assert pd.isna(plan.loc["exploitation", "rank"])  # ranked 2 and 3: no single rank
    assert set(plan["placed_by"]) == {"plan"}
    year = matrix[matrix["period"] == "2024-25"].set_index("priority_key")  # no plan stated: its document's year
    assert year["placed_by"].iloc[0] == "reporting year" and year["present"].to_dict() == {
        "exploitation": False,
        "neglect": True,
        "online_safety": False,
    }
    assert matrix[matrix["period"] == "2021-22"]["present"].isna().all()  # lists none: unknown, not absent
    assert not matrix["period"].isin(["2022-23", "2023-24"]).any()  # their priorities are the plan's


def test_ranks_from_two_lists_of_one_plan_are_not_an_order(tmp_path):
    doc = document("a.pdf", "Plan 2023-26. Themes: Neglect; Exploitation. Aims: Early help.", area="A", period=FY_2023)
    publish(
        tmp_path,
        [doc],
        priorities=[
            fact(doc, "Neglect", priority="Neglect", priority_key="neglect", plan_period="2023-26", rank=1),
            fact(doc, "Exploitation", priority="Exploitation", priority_key="exploitation", plan_period="2023-26", rank=2),
            fact(doc, "Early help", priority="Early help", priority_key="early_help", plan_period="2023-26", rank=1),
        ],
    )
    assert build(read_tables(tmp_path)).priority_matrix["rank"].isna().all()


def test_a_review_is_one_row_across_documents_with_its_furthest_status(tmp_path):
    first = document("a.pdf", "A review about Child Harry was commissioned.", area="A", period=FY_2022)
    second = document("b.pdf", "The Harry review was published in May.", area="A", period=FY_2023)
    publish(
        tmp_path,
        [first, second],
        reviews=[
            fact(first, "Child Harry", name="Child Harry", kind="LCSPR", status="commissioned", themes=["neglect"]),
            fact(second, "Harry", name="Harry", kind=None, status="published", themes=["online harm"]),
        ],
    )
    comparison = build(read_tables(tmp_path))
    register = comparison.review_register
    assert len(register) == 1
    row = register.iloc[0]
    assert row["status"] == "published" and row["status_from"] == "stated" and row["kind"] == "LCSPR"
    assert sorted([row["name"], *row["other_names"]]) == ["Child Harry", "Harry"]
    assert set(row["themes"]) == {"neglect", "online harm"} and list(row["periods"]) == ["2022-23", "2023-24"]
    assert len(comparison.review_mentions) == 2 and comparison.review_mentions["review_id"].nunique() == 1


def test_reviews_with_different_codes_or_partnerships_stay_apart(tmp_path):
    a = document("a.pdf", "Reviews of Child A and Child B. Also Child A.", area="A", period=FY_2023)
    b = document("b.pdf", "A review of Child A.", area="B", period=FY_2023)
    publish(
        tmp_path,
        [a, b],
        reviews=[
            fact(a, "Child A", name="Child A", kind="LCSPR"),
            fact(a, "Child B", name="Child B", kind="LCSPR"),
            fact(b, "Child A", name="Child A", kind="LCSPR"),
        ],
    )
    register = build(read_tables(tmp_path)).review_register
    assert sorted(zip(register["partnership"], register["name"])) == [("A", "Child A"), ("A", "Child B"), ("B", "Child A")]


def test_a_status_the_extraction_does_not_record_is_read_from_the_sentence(tmp_path):
    doc = document("a.pdf", "The thematic review of bruising in babies has been finalised.", area="A", period=FY_2023)
    other = document("b.pdf", "A learning review of Family Z began.", area="A", period=FY_2023)
    publish(
        tmp_path,
        [doc, other],
        reviews=[
            fact(
                doc,
                "bruising in babies",
                name="bruising in babies",
                kind="thematic review",
                sentence="The thematic review of bruising in babies has been finalised.",
            ),
            fact(other, "Family Z", name="Family Z", kind="learning review", sentence="A learning review of Family Z began."),
        ],
    )
    register = build(read_tables(tmp_path)).review_register.set_index("name")
    assert register.loc["bruising in babies", "status"] == "completed"
    assert register.loc["bruising in babies", "status_from"] == "sentence"
    assert pd.isna(register.loc["Family Z", "status"])


def test_national_reviews_are_listed_apart_and_not_counted(tmp_path):
    said = "The national panel's thematic review of infant injuries was published; our own LCSPR Child P followed."
    doc = document("a.pdf", said, area="A", period=FY_2023)
    publish(
        tmp_path,
        [doc],
        reviews=[
            fact(doc, "infant injuries", name="infant injuries", kind="thematic review", status="published", sentence=said),
            fact(doc, "Child P", name="Child P", kind="LCSPR", status="published", sentence=said),
            fact(doc, "our own", name="Safer sleep", kind="national review", status="published", sentence=said),
        ],
    )
    comparison = build(read_tables(tmp_path))
    scope = comparison.review_register.set_index("name")["scope"].to_dict()
    assert scope == {"infant injuries": "national", "Child P": "local", "Safer sleep": "national"}  # LCSPR: local
    counted = comparison.review_summary[comparison.review_summary["dimension"] == "kind"]
    assert counted[["category", "n_reviews", "reviews"]].values.tolist() == [["LCSPR", 1, "Child P"]]


def test_counts_of_different_kinds_of_review_are_different_measures(tmp_path):
    a = document("a.pdf", "The partnership published 2 reviews.", area="A", period=FY_2023)
    b = document("b.pdf", "We carried out 5 rapid reviews.", area="B", period=FY_2023)
    c = document("c.pdf", "Four rapid reviews were carried out.", area="C", period=FY_2023)
    publish(
        tmp_path,
        [a, b, c],
        statistics=[
            fact(a, "2", value=2.0, unit="count", label="reviews", metric="reviews_published", sentence="The partnership published 2 reviews."),
            fact(b, "5", value=5.0, unit="count", label="rapid reviews", metric="reviews_published", sentence="We carried out 5 rapid reviews."),
            fact(
                c,
                "Four",
                value=4.0,
                unit="count",
                label="rapid reviews were carried out",
                metric="reviews_published",
                sentence="Four rapid reviews were carried out.",
            ),
        ],
    )
    series = build(read_tables(tmp_path)).metric_series.set_index("partnership")
    assert series.loc["A", "definition"] != series.loc["B", "definition"]  # published reviews; rapid reviews undertaken
    assert series.loc["B", "definition"] == series.loc["C", "definition"]
    assert series["n_partnerships"].to_dict() == {"A": 1, "B": 2, "C": 2}


def test_the_stage_counted_is_part_of_the_definition(tmp_path):
    a = document("a.pdf", "The panel commissioned 3 learning reviews.", area="A", period=FY_2023)
    b = document("b.pdf", "There are 3 learning reviews nearing completion.", area="B", period=FY_2023)
    publish(
        tmp_path,
        [a, b],
        statistics=[
            fact(
                a,
                "3",
                value=3.0,
                unit="count",
                label="learning reviews",
                metric="reviews_published",
                sentence="The panel commissioned 3 learning reviews.",
            ),
            fact(
                b,
                "3",
                value=3.0,
                unit="count",
                label="learning reviews nearing completion",
                metric="reviews_published",
                sentence="There are 3 learning reviews nearing completion.",
            ),
        ],
    )
    series = build(read_tables(tmp_path)).metric_series
    assert series["definition"].nunique() == 2 and (series["n_partnerships"] == 1).all()


def test_the_stage_is_the_verb_nearest_the_figure(tmp_path):
    a = document("a.pdf", "The board held 9 rapid reviews and commissioned 2 local reviews.", area="A", period=FY_2023)
    b = document("b.pdf", "The board held 4 rapid reviews and published 2 local reviews.", area="B", period=FY_2023)
    publish(
        tmp_path,
        [a, b],
        statistics=[
            fact(
                a,
                "2",
                value=2.0,
                unit="count",
                label="local reviews",
                metric="reviews_published",
                sentence="The board held 9 rapid reviews and commissioned 2 local reviews.",
            ),
            fact(
                b,
                "2",
                value=2.0,
                unit="count",
                label="local reviews",
                metric="reviews_published",
                sentence="The board held 4 rapid reviews and published 2 local reviews.",
            ),
        ],
    )
    series = build(read_tables(tmp_path)).metric_series.set_index("partnership")
    assert "stage=commissioned" in series.loc["A", "definition"] and "stage=published" in series.loc["B", "definition"]
    assert (series["n_partnerships"] == 1).all()


def test_shares_compare_only_when_they_are_shares_of_the_same_thing(tmp_path):
    a = document("a.pdf", "Of those trained, 40% of attendees worked in health.", area="A", period=FY_2023)
    b = document("b.pdf", "Most (85%) of attendees rated the course good.", area="B", period=FY_2023)
    c = document("c.pdf", "Some 35% of attendees worked in health.", area="C", period=FY_2023)
    publish(
        tmp_path,
        [a, b, c],
        statistics=[
            fact(a, "40%", value=40.0, unit="percent", label="of attendees worked in health", metric="training_attendees"),
            fact(b, "85%", value=85.0, unit="percent", label="of attendees rated the course good", metric="training_attendees"),
            fact(c, "35%", value=35.0, unit="percent", label="of attendees worked in health", metric="training_attendees"),
        ],
    )
    series = build(read_tables(tmp_path)).metric_series.set_index("partnership")
    assert series.loc["A", "definition"] == series.loc["C", "definition"] != series.loc["B", "definition"]


def test_synonyms_of_a_measure_compare_and_units_never_mix(tmp_path):
    a = document("a.pdf", "There were 310 children in care.", area="A", period=FY_2023)
    b = document("b.pdf", "We had 280 looked after children.", area="B", period=FY_2023)
    c = document("c.pdf", "About 1 in 100 children are in care.", area="C", period=FY_2023)
    publish(
        tmp_path,
        [a, b, c],
        statistics=[
            fact(a, "310", value=310.0, unit="count", label="children in care", metric="children_looked_after"),
            fact(b, "280", value=280.0, unit="count", label="looked after children", metric="children_looked_after"),
            fact(c, "1 in 100", value=1.0, unit="per_100_children", label="children are in care", metric="children_looked_after"),
        ],
    )
    series = build(read_tables(tmp_path)).metric_series.set_index("partnership")
    assert series.loc["A", "definition"] == series.loc["B", "definition"] != series.loc["C", "definition"]


def test_a_label_naming_another_measures_thing_is_not_compared_with_either(tmp_path):
    a = document("a.pdf", "In all 420 practitioners attended our courses.", area="A", period=FY_2023)
    b = document("b.pdf", "We ran 40 courses.", area="B", period=FY_2023)
    publish(
        tmp_path,
        [a, b],
        statistics=[
            fact(a, "420", value=420.0, unit="count", label="practitioners attended our courses", metric="training_events"),
            fact(b, "40", value=40.0, unit="count", label="courses", metric="training_events"),
        ],
    )
    series = build(read_tables(tmp_path)).metric_series
    assert series["definition"].nunique() == 2


def test_the_same_figure_in_two_documents_of_a_year_is_one_row_with_both_sources(tmp_path):
    paper = document("paper.pdf", "The report says 372 children had a plan.", area="A", kind="committee_paper", period=CY_2023)
    report = document("report.pdf", "In March 372 children had a plan.", area="A", period=FY_2023)
    publish(
        tmp_path,
        [paper, report],
        statistics=[
            fact(paper, "372", page=2, value=372.0, unit="count", label="children had a plan", metric="child_protection_plans"),
            fact(report, "372", page=5, value=372.0, unit="count", label="children had a plan", metric="child_protection_plans"),
        ],
    )
    series = build(read_tables(tmp_path)).metric_series
    assert len(series) == 1 and series["n_documents"].tolist() == [2]
    assert series["sources"].iloc[0].tolist() == ["paper.pdf, page 2", "report.pdf, page 5"]


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
    assert query("select count(*) as n from review_register", tmp_path)["n"].tolist() == [0]


def test_a_count_of_something_else_or_of_a_mix_of_reviews_is_not_a_count_of_reviews(tmp_path):
    a = document("a.pdf", "We met 6 times about cases referred for a rapid review.", area="A", period=FY_2023)
    b = document("b.pdf", "There were 6 rapid reviews.", area="B", period=FY_2023)
    c = document("c.pdf", "In all 6 rapid reviews and learning reviews took place.", area="C", period=FY_2023)
    d = document("d.pdf", "There were 5 rapid reviews.", area="D", period=FY_2023)
    publish(
        tmp_path,
        [a, b, c, d],
        statistics=[
            fact(a, "6", value=6.0, unit="count", label="times about cases referred for a rapid review", metric="reviews_published"),
            fact(b, "6", value=6.0, unit="count", label="rapid reviews", metric="reviews_published"),
            fact(c, "6", value=6.0, unit="count", label="rapid reviews and learning reviews", metric="reviews_published"),
            fact(d, "5", value=5.0, unit="count", label="rapid reviews", metric="reviews_published"),
        ],
    )
    series = build(read_tables(tmp_path)).metric_series.set_index("partnership")
    assert series["n_partnerships"].to_dict() == {"A": 1, "B": 2, "C": 1, "D": 2}


def test_a_rate_read_as_a_count_is_not_compared_with_counts(tmp_path):
    a = document("a.pdf", "Children on plans: 41.7 per 10,000 (rate).", area="A", period=FY_2023)
    b = document("b.pdf", "There were 52 children on child protection plans.", area="B", period=FY_2023)
    c = document("c.pdf", "There were 61 children on child protection plans.", area="C", period=FY_2023)
    publish(
        tmp_path,
        [a, b, c],
        statistics=[
            fact(a, "41.7", value=41.7, unit="count", label="Children on plans (rate)", metric="child_protection_plans"),
            fact(b, "52", value=52.0, unit="count", label="children on child protection plans", metric="child_protection_plans"),
            fact(c, "61", value=61.0, unit="count", label="children on child protection plans", metric="child_protection_plans"),
        ],
    )
    series = build(read_tables(tmp_path)).metric_series.set_index("partnership")
    assert series["n_partnerships"].to_dict() == {"A": 1, "B": 2, "C": 2}


# --- layering ----------------------------------------------------------------------------------


def test_compare_imports_nothing_above_it_not_even_inside_functions():
    import ast

    from tests.helpers import ROOT

    above = {"query", "report", "export", "workbook", "steps", "cli", "flows"}
    for module in (ROOT / "src" / "extractor" / "compare").glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                parts = (node.module or "").split(".")
                named = parts[1:] if parts[0] == "extractor" else parts if node.level else []
                imported = set(named[:1]) | ({alias.name for alias in node.names} if node.level >= 2 and not node.module else set())
                assert not imported & above, f"{module.name} imports {node.module}"
            elif isinstance(node, ast.Import):
                assert not any(alias.name.split(".")[:2][-1] in above for alias in node.names if alias.name.startswith("extractor"))
