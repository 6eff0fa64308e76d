"""Metadata forms of the genre: the partnership named in other ways, the kinds added (inspection
report, newsletter, case-review page), the dates line, plan periods, a period on a line of its
own, and a period stated again and again; wording is invented."""

from __future__ import annotations

import pytest

from tests.nlp import test_metadata

nlp = test_metadata.nlp  # the sentences + metadata pipeline fixture
run = test_metadata.run


@pytest.mark.parametrize(
    "blocks, partnership, area",
    [
        (
            [("paragraph", "Welcome to the Eastford Integrated Safeguarding Partnership dashboard.")],
            "Eastford Integrated Safeguarding Partnership",
            "Eastford",
        ),
        ([("heading", "Northby Safeguarding Partnership"), ("paragraph", "News for partners.")], "Northby Safeguarding Partnership", "Northby"),
        ([("paragraph", "Earlier reports: Southby LSCB Annual Report 2017-18.")], "Southby LSCB", "Southby"),
        (
            [("heading", "Upton Multi-Agency Safeguarding Arrangements 2031"), ("paragraph", "How we are funded.")],
            "Upton Multi-Agency Safeguarding Arrangements",
            "Upton",
        ),
        (
            [("paragraph", "Southby LSCB reports are archived."), ("paragraph", "The Southby Safeguarding Children Partnership replaced it.")],
            "Southby Safeguarding Children Partnership",
            "Southby",
        ),
    ],
)
def test_partnership_named_other_ways(nlp, blocks, partnership, area):
    found = run(nlp, blocks)
    assert (found["partnership"], found["partnership_area"]) == (partnership, area)


INSPECTION = [
    ("heading", "Inspection of Westmere local authority children’s services"),
    ("paragraph", "Inspection dates: 7 to 11 October 2030"),
    ("paragraph", "Lead inspector: Jo Bloggs, His Majesty’s Inspector"),
    ("paragraph", "The annual report 2028-29 of the safeguarding partnership shows progress."),
]


def test_inspection_report_takes_its_period_from_the_dates_line(nlp):
    found = run(nlp, INSPECTION)
    assert (found["kind"], found["period_label"], found["period_start"], found["period_end"]) == (
        "inspection_report",
        "7 to 11 October 2030",
        "2030-10-07",
        "2030-10-11",
    )


def test_dates_line_stops_before_the_next_label(nlp):
    blocks = [("paragraph", "Reporting period: 1 April 2030 to 31 March 2031 Published: 9 June 2031"), ("paragraph", "Text.")]
    found = run(nlp, blocks)
    assert (found["period_label"], found["period_end"]) == ("1 April 2030 to 31 March 2031", "2031-03-31")


@pytest.mark.parametrize(
    "blocks, title, kind",
    [
        ([("paragraph", "Issue 12 – 3rd May 2031"), ("heading", "Our priorities for 2031–2034"), ("paragraph", "Welcome.")], None, "newsletter"),
        ([("heading", "Serious case reviews"), ("paragraph", "The annual report 2029-30 lists our reviews.")], None, "case_review_page"),
        ([("paragraph", "Our briefings.")], "Seven minute briefings", "case_review_page"),
    ],
)
def test_newsletters_and_case_review_pages_have_no_period(nlp, blocks, title, kind):
    found = run(nlp, blocks, title=title)
    assert (found["kind"], found["period_label"]) == (kind, None)


@pytest.mark.parametrize(
    "blocks, label",
    [
        ([("heading", "Westshire Safeguarding Children Partnership Strategic Plan 2031 to 2034"), ("paragraph", "Introduction.")], "2031 to 2034"),
        ([("paragraph", "The Board has agreed its Business Strategy for 2029-2031. It replaces the plan of 2027-28.")], "2029-2031"),
        ([("paragraph", "The partnership’s two priorities for 2032/2033 are set out below.")], "2032/2033"),
        ([("heading", "Yearly Report"), ("heading", "May 2030 - April 2031"), ("paragraph", "Foreword.")], "May 2030 - April 2031"),
    ],
)
def test_plan_and_report_periods(nlp, blocks, label):
    assert run(nlp, blocks)["period_label"] == label


def test_a_period_stated_again_and_again_is_the_period_when_nothing_cues_one(nlp):
    blocks = [
        ("paragraph", "Contributions for 2031/32 rose by 3%, compared with 2030/31."),
        ("paragraph", "Table 2: Other income 2031/32"),
        ("paragraph", "Total spending in 2031/32 matches income."),
    ]
    assert run(nlp, blocks)["period_label"] == "2031/32"


def test_a_period_mentioned_once_in_passing_is_not_the_period(nlp):
    assert run(nlp, [("paragraph", "Our work began in 2029/30 and is described here.")])["period_label"] is None


def test_the_lscb_only_when_no_fuller_name_appears(nlp):
    assert run(nlp, [("paragraph", "Members of the LSCB agreed the plan.")])["partnership"] == "the LSCB"
    found = run(nlp, [("paragraph", "The LSCB met."), ("paragraph", "The Farley Local Safeguarding Children Board agreed.")])
    assert found["partnership"] == "Farley Local Safeguarding Children Board"
