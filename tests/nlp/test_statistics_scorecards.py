"""Performance scorecards and other genre forms whose numbers are not facts of their own:
reference and target columns, attendance columns, whole-period columns that repeat the last
snapshot, targets and distances in prose.

The wording is invented for these tests (no document's sentences); expected values come from
reading each table or sentence by LABELLING.md's rules.
"""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language

from tests.nlp.helpers import annotate_blocks


def values(nlp: Language, blocks: list[tuple[str, str]] | str) -> list[float]:
    if isinstance(blocks, str):
        blocks = [("paragraph", blocks)]
    doc = annotate_blocks(nlp, blocks)
    return [span._.fact["value"] for span in doc.spans["statistics"]]


def test_a_reference_column_holds_no_facts(nlp):
    table = "No. | Indicator | Apr-Jun | Jul-Sep\n4.2 | Early help assessments started | 130 | 141\n7.1 | Young carers identified | 18 | 23"
    assert values(nlp, [("table", table)]) == [130, 141, 18, 23]


def test_a_target_column_holds_no_facts(nlp):
    table = (
        "Code | Measure | Last year | Target | This quarter | RAG\n"
        "SC 12 | Visits on time (%) | 81.5 | 95.0 | 88.4 | Amber\n"
        "SC 13 | Young people in education | 602 | n/a | 644 | n/a"
    )
    assert values(nlp, [("table", table)]) == [81.5, 88.4, 602, 644]


def test_an_attendance_column_holds_no_facts(nlp):
    table = "Organisation | Member | Attendance\nFire and rescue service | Station manager | 3 of 4\nYouth offending team | Head of service | 4 of 4"
    assert values(nlp, [("table", table)]) == []


def test_a_column_of_training_attendees_holds_facts(nlp):
    table = "Course | Places | Attended\nHarmful sexual behaviour | 60 | 52"
    assert values(nlp, [("table", table)]) == [60, 52]


def test_a_year_column_that_repeats_the_last_snapshot_is_one_fact(nlp):
    table = "Measure | Q1 | Q2 | Q3 | Q4 | Year\nOpen cases at quarter end | 51 | 48 | 55 | 60 | 60\nNew referrals (total) | 90 | 85 | 77 | 60 | 312"
    assert values(nlp, [("table", table)]) == [51, 48, 55, 60, 90, 85, 77, 60, 312]


def test_equal_cells_mid_row_are_both_facts(nlp):
    """Only the whole-period column repeats a snapshot; two equal quarters are two facts."""
    table = "Measure | Q1 | Q2 | Q3 | Year\nFoster carers approved | 4 | 4 | 6 | 14"
    assert values(nlp, [("table", table)]) == [4, 4, 6, 14]


def test_a_row_naming_an_agenda_reference_is_no_fact(nlp):
    table = "Meeting | Scrutiny panel\nAgenda Item No. | 11\nBudget agreed | £45,000"
    assert values(nlp, [("table", table)]) == [45000]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Repeat referrals were 17.2%, below the target of 19%.", [17.2]),
        ("Timeliness reached 76%, short of the 85% target.", [76]),
        ("The target: 90% of plans reviewed on time; 83% were.", [83]),
        ("The threshold is set at 25 cases per worker.", []),
    ],
)
def test_targets_in_prose_are_not_facts(nlp, text, expected):
    assert values(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Nine children were placed over 30 miles from home.", [9]),
        ("The nearest hub is five kilometres from the estate.", []),
        ("Outreach workers drove 120 km to reach 14 families.", [14]),
    ],
)
def test_distances_are_not_facts(nlp, text, expected):
    assert values(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The service met its targets in 7 of 9 months.", [7]),
        ("Staff set goals with 45 families.", [45]),
    ],
)
def test_counts_near_target_words_are_kept(nlp, text, expected):
    assert values(nlp, text) == expected


def test_facts_keep_their_span_text(nlp):
    doc = annotate_blocks(nlp, [("table", "Measure | Q1 | Year\nChildren in care at quarter end | 301 | 301")])
    facts: list[Any] = [(span.text, span._.fact["value"]) for span in doc.spans["statistics"]]
    assert facts == [("301", 301)]


def test_a_table_cell_repeating_a_figure_of_the_prose_is_one_fact(nlp):
    blocks = [
        ("paragraph", "The front door received 3,418 contacts this quarter, and 27.5% led to a referral."),
        ("table", "Measure | Last quarter | This quarter\nContacts | 3,102 | 3,418\nReferral rate (%) | 25.1 | 27.5"),
    ]
    assert values(nlp, blocks) == [3418, 27.5, 3102, 25.1]


def test_small_counts_in_a_table_and_the_prose_are_both_kept(nlp):
    """Two small counts alike are as likely two facts as one."""
    blocks = [
        ("paragraph", "Three audits were completed this year."),
        ("table", "Team | Audits\nEarly help | 3\nCare leavers | 5"),
    ]
    assert values(nlp, blocks) == [3, 3, 5]


def test_numbered_field_rows_of_a_decision_page_are_no_facts(nlp):
    table = "1. | Title of the decision\n2. | Summary of the decision\nCost | £12,500"
    assert values(nlp, [("table", table)]) == [12500]


@pytest.mark.parametrize(
    "text",
    [
        "7 Report of the Independent Scrutineer PDF 310 KB",
        "12. Minutes of the previous meeting (PDF, 88 KB)",
    ],
)
def test_an_item_number_before_a_paper_and_its_file_size_is_no_fact(nlp, text):
    assert values(nlp, text) == []


def test_a_count_opening_a_line_without_a_file_size_is_kept(nlp):
    assert values(nlp, "14 families were referred to the hub.") == [14]


def test_resolution_items_numbered_inside_a_cell_are_no_facts(nlp):
    table = "Decision | 1. the annual report be noted;\n | 2. a grant of £8,000 be approved."
    assert values(nlp, [("table", table)]) == [8000]


def test_a_figure_carried_over_between_two_years_is_one_fact(nlp):
    table = "Partner | 2023-24 | 2024-25\nCouncil | £118,000 | £118,000\nPolice | £40,000 | £42,000"
    assert values(nlp, [("table", table)]) == [118000, 40000, 42000]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3.2 87% of staff had completed the e-learning by March.", [87]),
        ("4.1 214 checks were completed in the year.", [214]),
    ],
)
def test_a_paragraph_number_before_its_opening_figure_is_no_fact(nlp, text, expected):
    assert values(nlp, text) == expected


def test_a_row_of_figures_keeps_its_first_figure(nlp):
    assert values(nlp, [("paragraph", "Rates per 1,000"), ("paragraph", "4.5 6.1 7.2")]) == [4.5, 6.1, 7.2]


def test_meetings_held_on_cases_are_counted(nlp):
    assert values(nlp, "The LADO chaired 45 strategy meetings.") == [45]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Of the nine notifications, four were closed with no further action.", [9, 4]),
        ("The panel held six rapid reviews; three led to a local review.", [6, 3]),
        ("Six referrals came in. Two concerned children under five.", [6, 2]),
    ],
)
def test_a_number_word_counting_part_of_a_group_is_a_fact(nlp, text, expected):
    assert values(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "All three agreed the new threshold document.",
        "The statutory three signed the plan.",
        "The two attended every meeting together.",
    ],
)
def test_a_number_word_standing_for_people_already_named_is_no_fact(nlp, text):
    assert values(nlp, text) == []


def test_a_total_row_repeating_a_prose_count_is_one_fact(nlp):
    blocks = [
        ("paragraph", "The panel reviewed 14 deaths this year."),
        ("table", "Category | Deaths\nPerinatal | 9\nInfection | 5\nTotal | 14"),
    ]
    assert values(nlp, blocks) == [14, 9, 5]
