"""The comparison's rules hold for partnerships other than the bundled two: the development corpus
(corpus/genre/docs, documents of 50 other partnerships) ingested as it is, with whatever rows the
extraction gives, then compared. Each test checks one rule with the test's own arithmetic or words,
never by calling the rule it checks."""

from __future__ import annotations

import re
from itertools import combinations

import pytest

from extractor.compare import build
from extractor.config import Limits, Run, Settings
from extractor.query import read_tables
from extractor.report.comparison import comparison_context
from tests.helpers import ROOT

pytestmark = pytest.mark.slow
DOCS = ROOT / "corpus" / "genre" / "docs"
STAGES = ("published", "completed", "ongoing", "commissioned")
REVIEW_KIND_WORDS = ("rapid review", "serious case review", "learning review", "thematic review", "practice review")


@pytest.fixture(scope="module")
def genre(tmp_path_factory):
    from extractor.ingest import ingest

    out = tmp_path_factory.mktemp("genre-tables")
    ingest(Settings(corpus=DOCS, out=out, limits=Limits(document_timeout_s=120), run=Run(workers=2, orchestrator="python")))
    frames = read_tables(out)
    return frames, build(frames)


def test_many_partnerships_are_compared(genre):
    _, comparison = genre
    assert len(comparison.partnerships) >= 30
    assert not set(comparison.partnerships) & {"Wirral", "Worcestershire"}


def test_every_document_is_in_one_reporting_year_of_its_own_partnership(genre):
    _, comparison = genre
    years = comparison.reporting_years
    assert years["doc_id"].is_unique and set(years["doc_id"]) == set(comparison.documents["doc_id"])
    assert (years.groupby("period")["partnership"].nunique() >= 1).all()
    documents = comparison.documents.set_index("doc_id")
    for (_, _), group in years.groupby(["partnership", "period"]):
        for a, b in combinations(group["doc_id"], 2):  # documents grouped together overlap by half the shorter
            first, second = documents.loc[a], documents.loc[b]
            common = (min(first["document_end"], second["document_end"]) - max(first["document_start"], second["document_start"])).days + 1
            shorter = min((d["document_end"] - d["document_start"]).days + 1 for d in (first, second))
            assert 2 * common >= shorter


def test_every_review_mention_is_in_one_review_of_its_partnership(genre):
    frames, comparison = genre
    usable = set(comparison.documents["doc_id"])
    assert len(comparison.review_mentions) == int(frames["reviews"]["doc_id"].isin(usable).sum())
    register = comparison.review_register
    assert register["review_id"].is_unique
    mentions = comparison.review_mentions.merge(register[["review_id", "partnership"]], on="review_id", suffixes=("", "_review"))
    assert (mentions["partnership"] == mentions["partnership_review"]).all()
    folded = register.assign(folded=register["name"].str.casefold().str.split().str.join(" "))
    assert not folded.duplicated(["partnership", "folded"]).any()


def test_statuses_are_stages_and_inferred_only_where_no_mention_states_one(genre):
    _, comparison = genre
    register = comparison.review_register
    assert set(register["status"].dropna()) <= set(STAGES)
    stated = comparison.review_mentions.groupby("review_id")["status"].apply(lambda s: s.notna().any())
    for row in register.to_dict("records"):
        if row["status_from"] == "sentence":
            assert not stated[row["review_id"]]
        if row["status_from"] == "stated":
            assert stated[row["review_id"]]


def test_national_reviews_are_never_counted_as_a_partnerships_own(genre):
    _, comparison = genre
    national = set(comparison.review_register.loc[comparison.review_register["scope"] == "national", "name"])
    own = comparison.review_summary[comparison.review_summary["dimension"] != "scope"]
    counted = {name for names in own["reviews"] for name in names.split("; ")}
    assert not national & counted - set(comparison.review_register.loc[comparison.review_register["scope"] == "local", "name"])
    locals_per_year = comparison.review_summary[comparison.review_summary["dimension"] == "scope"]
    kinds = own[own["dimension"] == "kind"].groupby(["partnership", "period"])["n_reviews"].sum()
    local = locals_per_year[locals_per_year["category"] == "local"].set_index(["partnership", "period"])["n_reviews"]
    assert kinds.to_dict() == local.reindex(kinds.index).to_dict()  # every own review once by kind


def test_priorities_with_a_plan_period_are_placed_in_that_plan_once(genre):
    _, comparison = genre
    matrix = comparison.priority_matrix
    present = matrix[matrix["present"].fillna(False).astype(bool)]
    assert not present.duplicated(["partnership", "period", "priority_key"]).any()
    stated = comparison.priorities.dropna(subset=["plan_period"])
    assert len(stated) > 0
    for row in stated.to_dict("records"):
        years = re.findall(r"(?:19|20)\d\d", row["plan_period"])
        if not years:
            continue
        mine = present[(present["partnership"] == row["partnership"]) & (present["placed_by"] == "plan")]
        assert mine["period"].str.startswith(years[0]).any(), row["plan_period"]


def _near(row: dict) -> str:
    """The words just before the figure and its label up to the end of its own clause ("rapid reviews" of "five
    rapid reviews and published two LCSPRs"): what the figure counts."""
    sentence, evidence = str(row["sentence"] or ""), str(row["evidence"] or "")
    at = sentence.find(evidence)
    own_clause = re.split(r",|;| and | which | who | that ", str(row["label"] or "").lower())[0]
    return (sentence[max(0, at - 60) : at] if at > 0 else "").lower() + " " + own_clause


def test_charts_set_side_by_side_only_figures_that_count_the_same_thing(genre):
    _, comparison = genre
    numbers = comparison_context(comparison)["numbers"]
    assert numbers["shared"], "no measure is charted across the development corpus's partnerships"
    series = comparison.metric_series
    for entry in numbers["shared"]:
        rows = series[series["definition"] == entry["definition"]]
        assert rows["partnership"].nunique() >= 2 and rows["metric"].nunique() == 1 and rows["unit"].nunique() == 1
        labels = [str(label or "").lower() for label in rows["label"]]
        named = {word for label in labels for word in REVIEW_KIND_WORDS if word in label}
        assert len(named) <= 1 and all(not named or next(iter(named)) in label for label in labels), labels
        near = [_near(row) for row in rows.to_dict("records")]  # the label and the words just before the figure
        stages = {stage for words in near for stage in STAGES if stage in words}
        assert len(stages) <= 1 and all(not stages or next(iter(stages)) in words for words in near), near
        if entry["unit"] in ("percent", "fraction"):  # a share of the same thing, in the same words
            assert len({" ".join(re.findall(r"[a-z0-9']+", label)) for label in labels}) == 1, labels
    for group in numbers["only"]:
        for entry in group["metrics"]:
            assert {point["partnership"] for point in entry["points"]} == {group["partnership"]}


def test_the_report_of_every_partnership_has_a_chart_per_shared_measure(genre):
    from extractor.report import render_comparison

    _, comparison = genre
    context = comparison_context(comparison)
    page = render_comparison(comparison)
    assert page.count('class="chart" id="chart-') == len(context["numbers"]["shared"]) + (1 if context["reviews"]["chart"] else 0)
    assert all(name.replace("&", "&amp;").replace("'", "&#39;") in page for name in comparison.partnerships)
