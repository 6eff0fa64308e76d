"""Metadata read from the page title's site part, from a name's initials, and the period rules
by document kind (a plan's period for a plan, a report's for everything else, none for a
period that belongs to some other event); wording is invented."""

from __future__ import annotations

import pytest

from extractor.parse import parse_bytes
from tests.nlp import test_metadata

nlp = test_metadata.nlp  # the sentences + metadata pipeline fixture
run = test_metadata.run


def page(title: str, body: str) -> bytes:
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body><main>{body}</main></body></html>".encode()


# --- partnership -----------------------------------------------------------------------------


def test_a_page_that_names_its_partnership_only_in_the_title_site_part(nlp):
    document = parse_bytes(
        page(
            "Learning briefings | Oakvale Safeguarding Children Partnership",
            "<h1>Learning briefings</h1><p>Each briefing takes ten minutes to read.</p>",
        ),
        "t",
    )
    assert document.title == "Learning briefings | Oakvale Safeguarding Children Partnership"
    found = test_metadata.run_document(nlp, document)
    assert (found["partnership"], found["partnership_area"]) == ("Oakvale Safeguarding Children Partnership", "Oakvale")


def test_the_site_decides_between_partnerships_the_text_names(nlp):
    body = [
        ("paragraph", "Our neighbours, the Riverton Safeguarding Children Partnership, published a review."),
        ("paragraph", "The Riverton Safeguarding Children Partnership review is summarised below."),
        ("paragraph", "The Hillbrook Safeguarding Children Partnership thanks everyone who came."),
    ]
    found = run(nlp, body, title="Summer bulletin – Hillbrook Safeguarding Children Partnership")
    assert found["partnership_area"] == "Hillbrook"


def test_a_combined_boards_site_name_gives_the_area(nlp):
    found = run(nlp, [("paragraph", "Briefings for practitioners.")], title="Briefings | Eastmere and Fold Safeguarding Boards")
    assert (found["partnership"], found["partnership_area"]) == ("Eastmere and Fold Safeguarding Boards", "Eastmere and Fold")


def test_the_texts_spelling_wins_over_the_titles(nlp):
    blocks = [("paragraph", "The Dunmore Safeguarding Children Partnership met four times.")]
    found = run(nlp, blocks, title="About us | Dunmore Safeguarding Partnership")
    assert found["partnership"] == "Dunmore Safeguarding Children Partnership"


def test_a_title_without_a_site_part_is_not_a_site_name(nlp):
    blocks = [("paragraph", "The Ashdown Safeguarding Children Partnership and the Ashdown Safeguarding Children Partnership board met.")]
    found = run(nlp, blocks, title="Keeley Safeguarding Children Partnership")
    assert found["partnership_area"] == "Ashdown"


def test_a_names_initials_count_as_its_mentions(nlp):
    blocks = [
        ("paragraph", "The Pellworth Safeguarding Children Partnership shared a review by the Greyhaven Safeguarding Children Partnership."),
        ("paragraph", "Greyhaven Safeguarding Children Partnership leads are thanked."),
        ("paragraph", "PSCP training is free. The PSCP newsletter is monthly. Join the PSCP list."),
    ]
    assert run(nlp, blocks)["partnership_area"] == "Pellworth"


# --- period ----------------------------------------------------------------------------------


def test_an_annual_report_with_a_word_inside_its_name_gives_the_period(nlp):
    blocks = [("heading", "Annual Assurance Report 2031/32"), ("paragraph", "The partners agreed three priorities for 2031-2034.")]
    assert run(nlp, blocks)["period_label"] == "2031/32"


def test_a_committee_paper_takes_the_reports_period_not_the_priorities_period(nlp):
    blocks = [
        ("paragraph", "Members are asked to note the partnership's progress against its priorities for 2030-33."),
        ("paragraph", "The annual report for 2030-31 is attached."),
    ]
    assert run(nlp, blocks)["period_label"] == "2030-31"


def test_a_plan_page_takes_the_plans_period_over_a_report_it_mentions(nlp):
    blocks = [
        ("heading", "Our business plan"),
        ("paragraph", "Progress will be set out in the annual report for 2032-33."),
        ("paragraph", "The business plan for 2032-2035 has four themes."),
    ]
    assert run(nlp, blocks, title="Our business plan")["period_label"] == "2032-2035"


@pytest.mark.parametrize(
    "sentence",
    [
        "The partnership's first annual report will be presented to the committee in 2033.",
        "The committee will receive the first annual report in the 2033/34 municipal year.",
    ],
)
def test_a_period_when_something_else_happens_is_not_the_reports(nlp, sentence):
    blocks = [
        ("paragraph", "Report author: the director"),
        ("paragraph", "Purpose of the report: to describe the new arrangements."),
        ("paragraph", "Financial implications: none."),
        ("paragraph", sentence),
    ]
    found = run(nlp, blocks)
    assert (found["kind"], found["period_label"]) == ("committee_paper", None)


def test_a_committee_paper_has_no_period_from_a_repeated_budget_year(nlp):
    blocks = [
        ("paragraph", "Report author: the director"),
        ("paragraph", "Financial implications: the budget for 2033/34 is £300,000."),
        ("paragraph", "Legal implications: none."),
        ("paragraph", "Each partner pays a share of the 2033/34 budget."),
    ]
    assert run(nlp, blocks)["period_label"] is None


def test_the_activity_a_paper_reports_on_gives_its_period(nlp):
    blocks = [("paragraph", "To inform members of the safeguarding activity of the district during 2031/32.")]
    assert run(nlp, blocks)["period_label"] == "2031/32"


def test_a_dates_line_in_a_table_cell_drops_the_cell_separator(nlp):
    blocks = [("paragraph", "Reporting period: | 1 May 2030 - 30 April 2031"), ("paragraph", "Text.")]
    assert run(nlp, blocks)["period_label"] == "1 May 2030 - 30 April 2031"


@pytest.mark.parametrize(
    "lines",
    [
        ["RESOLVED – That the report be noted.", "Apologies for absence were received from two members.", "Minutes: the chair introduced the item."],
        ["Decision maker: Cabinet", "Decision status: Recommendations approved", "Reasons for the decision: to meet the duty."],
    ],
)
def test_minutes_and_decision_records_are_committee_papers(nlp, lines):
    assert run(nlp, [("paragraph", line) for line in lines])["kind"] == "committee_paper"


# --- meeting date ----------------------------------------------------------------------------

COVER = [("paragraph", "Report author: the director"), ("paragraph", "Financial implications: none."), ("paragraph", "Legal implications: none.")]


def test_the_meeting_date_is_the_labelled_one_not_a_snapshot_date(nlp):
    blocks = [("paragraph", "There were 310 children on a plan on 31 March 2031."), ("paragraph", "Date of meeting: 14 May 2031"), *COVER]
    assert run(nlp, blocks)["meeting_date"] == "2031-05-14"


def test_a_deadline_in_running_text_is_not_the_meeting_date(nlp):
    blocks = [("paragraph", "Partners must publish their arrangements by 29 June 2031."), *COVER]
    assert run(nlp, blocks)["meeting_date"] is None


def test_a_cover_line_opening_with_on_gives_the_meeting_date(nlp):
    blocks = [("paragraph", "REPORT TO THE CABINET MEMBER"), ("paragraph", "ON 9th MARCH 2032"), *COVER]
    assert run(nlp, blocks)["meeting_date"] == "2032-03-09"
