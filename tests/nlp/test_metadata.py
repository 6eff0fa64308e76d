"""Document metadata: partnership and area from the text, kind, reporting period, meeting."""

from __future__ import annotations

import json
from typing import Any

import pytest
import spacy
from spacy.language import Language

from extractor.nlp import metadata, sentences  # noqa: F401  (register factories)
from extractor.nlp.pipeline import annotate
from tests.helpers import ROOT
from tests.nlp.helpers import annotate_blocks

GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentences")
    pipeline.add_pipe("metadata")
    return pipeline


def run(nlp: Language, blocks: list[tuple[str, str]], title: str | None = None, page: int | None = 1) -> dict[str, Any]:
    return annotate_blocks(nlp, blocks, title, page)._.metadata


def run_document(nlp: Language, document: Any) -> dict[str, Any]:
    return annotate(document, nlp)._.metadata


def test_all_keys_are_present(nlp):
    assert set(run(nlp, [("paragraph", "Nothing to see.")])) == set(metadata.METADATA_KEYS)


# --- partnership ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "blocks, partnership, area",
    [
        (
            [("heading", "Leeds Safeguarding Children Partnership (LSCP) Annual Report 2022/23"), ("paragraph", "The LSCP met.")],
            "Leeds Safeguarding Children Partnership",
            "Leeds",
        ),
        (
            [("heading", "Brighton & Hove Safeguarding Children Partnership"), ("paragraph", "Welcome.")],
            "Brighton & Hove Safeguarding Children Partnership",
            "Brighton & Hove",
        ),
        (
            [("heading", "STOKE-ON-TRENT SAFEGUARDING CHILDREN PARTNERSHIP"), ("paragraph", "Welcome.")],
            "Stoke-on-Trent Safeguarding Children Partnership",
            "Stoke-on-Trent",
        ),
        (
            [("heading", "Hampshire Children's Safeguarding Partnership"), ("paragraph", "Welcome.")],
            "Hampshire Children's Safeguarding Partnership",
            "Hampshire",
        ),
        (
            [("paragraph", "Welcome from the Bath and North East Somerset Safeguarding Children Partnership.")],
            "Bath and North East Somerset Safeguarding Children Partnership",
            "Bath and North East Somerset",
        ),
        (
            [("paragraph", "The Kent Safeguarding Children Multi-Agency Partnership met.")],
            "Kent Safeguarding Children Multi-Agency Partnership",
            "Kent",
        ),
        (
            [
                ("heading", "Annual Report Sefton Local Safeguarding Children Board"),
                ("paragraph", "Local safeguarding children boards were replaced."),
            ],
            "Sefton Local Safeguarding Children Board",
            "Sefton",
        ),
    ],
)
def test_partnership_and_area_come_from_the_text(nlp, blocks, partnership, area):
    found = run(nlp, blocks)
    assert (found["partnership"], found["partnership_area"]) == (partnership, area)


def test_most_mentioned_partnership_wins_counting_its_abbreviation(nlp):
    blocks = [
        ("paragraph", "The Oldtown Safeguarding Children Partnership (OSCP) works with the Newtown Safeguarding Children Partnership."),
        ("paragraph", "The OSCP met six times. The OSCP agreed its plan."),
        ("paragraph", "The Newtown Safeguarding Children Partnership was consulted."),
    ]
    assert run(nlp, blocks)["partnership_area"] == "Oldtown"


def test_generic_lower_case_mentions_are_not_a_partnership(nlp):
    found = run(nlp, [("paragraph", "The Act replaces local safeguarding children boards with new arrangements.")])
    assert found["partnership"] is None and found["partnership_area"] is None


# --- periods -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "blocks, label, start, end",
    [
        ([("heading", "Annual Report 2022/23")], "2022/23", "2022-04-01", "2023-03-31"),
        ([("heading", "Annual Report 2023-24")], "2023-24", "2023-04-01", "2024-03-31"),
        ([("heading", "Annual Report 2014 -15")], "2014 -15", "2014-04-01", "2015-03-31"),
        ([("heading", "Annual Report 2016 - 17")], "2016 - 17", "2016-04-01", "2017-03-31"),
        ([("heading", "Annual Report 23/24")], "23/24", "2023-04-01", "2024-03-31"),
        (
            [("paragraph", "Our annual report September 2019 - March 2020 explains the transition.")],
            "September 2019 - March 2020",
            "2019-09-01",
            "2020-03-31",
        ),
        ([("paragraph", "This is the annual report for January to December 2023.")], "January to December 2023", "2023-01-01", "2023-12-31"),
        (
            [("paragraph", "The annual report for the year January-December 2023, sets out activity.")],
            "January-December 2023",
            "2023-01-01",
            "2023-12-31",
        ),
        ([("paragraph", "Annual Report (October 2020 – September 2021)")], "October 2020 – September 2021", "2020-10-01", "2021-09-30"),
        (
            [("paragraph", "This annual report covers the period 1 April 2022 to 31 March 2023.")],
            "1 April 2022 to 31 March 2023",
            "2022-04-01",
            "2023-03-31",
        ),
        ([("heading", "Annual Report 2023")], "2023", "2023-01-01", "2023-12-31"),
    ],
)
def test_reporting_period(nlp, blocks, label, start, end):
    found = run(nlp, blocks)
    assert (found["period_label"], found["period_start"], found["period_end"]) == (label, start, end)


def test_month_range_beats_a_year_range_elsewhere(nlp):
    blocks = [
        ("paragraph", "The annual report for the year January-December 2023 sets out our work."),
        ("paragraph", "Background papers: Annual Report 2023-24 on the website."),
    ]
    assert run(nlp, blocks)["period_label"] == "January-December 2023"


def test_title_gives_the_period(nlp):
    found = run(nlp, [("paragraph", "Welcome to our summary.")], title="Annual Report Summary 2021-22")
    assert found["period_label"] == "2021-22"


def test_unrelated_years_are_not_the_period(nlp):
    found = run(nlp, [("paragraph", "The Children Act 2004 was amended in 2017.")])
    assert found["period_label"] is None and found["period_start"] is None


# --- kind ----------------------------------------------------------------------------------

COMMITTEE = [
    ("heading", "CABINET"),
    ("paragraph", "Date of meeting: 12 March 2024"),
    ("heading", "Purpose of report"),
    ("paragraph", "The Cabinet is asked to note the Annual Report 2022-23 of the Kent Safeguarding Children Multi-Agency Partnership."),
    ("heading", "Financial implications"),
    ("paragraph", "None."),
]


def test_committee_paper_with_meeting(nlp):
    found = run(nlp, COMMITTEE)
    assert (found["kind"], found["meeting_date"], found["meeting_body"]) == ("committee_paper", "2024-03-12", "Cabinet")
    assert found["period_label"] == "2022-23"


def test_committee_body_in_capitals_takes_the_spelling_from_the_text(nlp):
    blocks = [
        ("heading", "HEALTH & WELLBEING BOARD"),
        ("heading", "Tuesday, 14 November 2023"),
        ("paragraph", "REPORT TITLE: Safeguarding Annual Report"),
        ("heading", "RECOMMENDATIONS"),
        ("paragraph", "The Health and Wellbeing Board is recommended to note the report for January to December 2022."),
        ("heading", "BACKGROUND PAPERS"),
    ]
    found = run(nlp, blocks)
    assert (found["kind"], found["meeting_body"], found["meeting_date"]) == ("committee_paper", "Health and Wellbeing Board", "2023-11-14")
    assert found["period_label"] == "January to December 2022"


def test_summary_from_title(nlp):
    assert run(nlp, [("paragraph", "Welcome.")], title="Annual Report on a Page 2016-17")["kind"] == "annual_report_summary"
    assert run(nlp, [("heading", "Annual Report Summary"), ("paragraph", "Welcome.")])["kind"] == "annual_report_summary"


def test_executive_summary_chapter_does_not_make_a_summary(nlp):
    blocks = [("heading", "Annual Report 2022-23"), ("heading", "Executive Summary"), ("paragraph", "This year we ...")]
    assert run(nlp, blocks)["kind"] == "annual_report"


def test_web_page_has_no_pages_and_a_site_title(nlp):
    found = run(
        nlp,
        [("heading", "Annual Report 2021"), ("paragraph", "Welcome.")],
        title="Annual Report 2021 - Barnsley Safeguarding Children Partnership",
        page=None,
    )
    assert found["kind"] == "annual_report_web_page"
    assert found["meeting_date"] is None and found["meeting_body"] is None


def test_paged_document_with_site_like_title_is_a_report(nlp):
    assert run(nlp, [("paragraph", "Welcome.")], title="Annual Report - Barnsley", page=3)["kind"] == "annual_report"


# --- period helpers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("2019/2020", "2019-04-01", "2020-03-31"),
        ("2099-00", "2099-04-01", "2100-03-31"),
        ("December 2023 to February 2024", "2023-12-01", "2024-02-29"),
        ("November - January 2021", "2020-11-01", "2021-01-31"),
        ("February 2024", "2024-02-01", "2024-02-29"),
    ],
)
def test_period_bounds(text, start, end):
    nlp = spacy.blank("en")
    doc = nlp.make_doc(text)
    spans = metadata.find_periods(metadata.period_matcher(nlp.vocab), doc)
    assert len(spans) == 1 and spans[0].text == text
    assert metadata.period_bounds(spans[0]) == (start, end)


def test_age_band_is_not_a_period():
    nlp = spacy.blank("en")
    doc = nlp.make_doc("children aged 0-5 and 5-11")
    assert metadata.find_periods(metadata.period_matcher(nlp.vocab), doc) == []


# --- gold ----------------------------------------------------------------------------------


def tune_gold() -> list[dict[str, Any]]:
    files = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))]
    return [f for f in files if f["split"] == "tune"]


@pytest.mark.parametrize("gold", tune_gold(), ids=lambda g: g["document"])
def test_tune_gold_metadata(nlp, corpus_documents, gold):
    assert run_document(nlp, corpus_documents[gold["document"]]) == gold["metadata"]
