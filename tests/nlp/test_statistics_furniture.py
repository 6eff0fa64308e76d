"""Numbers the statistics component drops, each for a stated rule recorded with explain.drop:
page furniture (page numbers, contents pages, running headers, list numbering), site counters,
denominators, addresses, emergency numbers, named children's ages, durations, table references,
and a fact told twice.

Wording is invented for the tests (not taken from any corpus document); expected values were
written from reading each sentence.
"""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from extractor.model import Document, TextBuilder
from extractor.nlp import sentences, statistics  # noqa: F401  (register factories)
from extractor.nlp.pipeline import annotate
from tests.nlp.helpers import annotate_blocks


def kept(doc: Doc) -> list[str]:
    return [span.text for span in doc.spans["statistics"]]


def dropped(doc: Doc) -> list[tuple[str, str]]:
    return [(doc.text[start:end], rule) for table, start, end, rule in doc._.dropped if table == "statistics"]


def paged(nlp: Language, pages: list[list[tuple[str, str]]], tables: list[tuple[int, list[list[str]]]] = ()) -> Doc:
    """A document page by page (blocks as (kind, text)), with tables (page, rows) appended."""
    builder = TextBuilder()
    for number, blocks in enumerate(pages, start=1):
        for kind, text in blocks:
            builder.add(kind, number, text)
    cells: list[Any] = []
    for index, (page, rows) in enumerate(tables):
        cells += builder.add_table(page, rows, index)
    return annotate(Document("test", "application/pdf", builder.text, None, None, builder.blocks, cells=cells), nlp)


def test_a_lone_number_at_the_foot_of_its_page_is_a_page_number(nlp):
    doc = paged(
        nlp,
        [
            [("paragraph", "The helpline took 418 calls from worried relatives."), ("paragraph", "1")],
            [("paragraph", "Volunteers mentored 96 care leavers."), ("paragraph", "2")],
        ],
    )
    assert kept(doc) == ["418", "96"]
    assert ("1", "statistics.page_number") in dropped(doc) and ("2", "statistics.page_number") in dropped(doc)


def test_lone_numbers_rising_through_a_pageless_document_are_page_numbers(nlp):
    doc = annotate_blocks(
        nlp,
        [
            ("paragraph", "3"),
            ("paragraph", "Foster carers welcomed 57 new placements."),
            ("paragraph", "4"),
            ("paragraph", "Youth workers ran 12 evening clubs."),
            ("paragraph", "5"),
        ],
        page=None,
    )
    assert kept(doc) == ["57", "12"]
    assert [text for text, rule in dropped(doc) if rule == "statistics.page_number"] == ["3", "4", "5"]


def test_contents_entries_after_a_dot_leader_are_page_numbers(nlp):
    doc = annotate_blocks(
        nlp,
        [
            ("paragraph", "2 Our work with schools .......... 7"),
            ("paragraph", "Messages from young carers .......... 11"),
            ("paragraph", "Schools made 230 referrals to early help."),
        ],
    )
    assert kept(doc) == ["230"]
    assert {text for text, rule in dropped(doc) if rule == "statistics.contents_page"} == {"2", "7", "11"}


def test_a_two_column_table_of_entries_and_rising_page_numbers_is_a_contents_page(nlp):
    doc = paged(
        nlp,
        [[("paragraph", "Contents")]],
        tables=[
            (1, [["Welcome from the chair", "3"], ["Keeping babies safe", "6"], ["Training", "9"], ["Money", "14"]]),
        ],
    )
    assert kept(doc) == []
    assert [text for text, rule in dropped(doc) if rule == "statistics.contents_page"] == ["3", "6", "9", "14"]


def test_a_two_column_table_of_measures_is_not_a_contents_page(nlp):
    doc = paged(
        nlp,
        [[("paragraph", "Activity")]],
        tables=[
            (1, [["Measure", "Number"], ["Home visits", "40"], ["Group sessions", "25"], ["Phone contacts", "61"]]),
        ],
    )
    assert kept(doc) == ["40", "25", "61"]


def test_a_number_beside_a_repeated_running_header_is_page_furniture(nlp):
    header = "Annual Review of Safeguarding in Anyshire and Otherborough"
    doc = paged(
        nlp,
        [
            [("paragraph", f"4 {header}"), ("paragraph", "Health visitors saw 1,203 families.")],
            [("paragraph", f"5 {header}"), ("paragraph", "The team trained 88 designated leads.")],
            [("paragraph", f"6 {header}")],
        ],
    )
    assert kept(doc) == ["1,203", "88"]
    assert [text for text, rule in dropped(doc) if rule == "statistics.running_header"] == ["4", "5", "6"]


def test_bracketed_numbers_counting_up_inside_a_sentence_number_its_items(nlp):
    doc = annotate_blocks(nlp, [("paragraph", "Each session covers (1) spotting the signs; (2) recording concerns; (3) making a referral.")])
    assert kept(doc) == []
    assert [rule for _, rule in dropped(doc)] == ["statistics.list_number"] * 3


def test_document_mirror_counters_are_not_statistics_but_counted_views_are(nlp):
    doc = annotate_blocks(
        nlp,
        [
            ("paragraph", "Neighbourhood bulletin · 45 views"),
            ("paragraph", "Download 3"),
            ("paragraph", "Our online safety film had 3,400 views in its first month."),
        ],
    )
    assert kept(doc) == ["3,400"]
    assert ("45", "statistics.counter") in dropped(doc) and ("3", "statistics.counter") in dropped(doc)


def test_the_denominator_of_n_of_m_is_not_a_fact_of_its_own(nlp):
    doc = annotate_blocks(nlp, [("paragraph", "Managers had signed off 7 of the 9 audits by the deadline.")])
    assert kept(doc) == ["7"]
    assert ("9", "statistics.denominator") in dropped(doc)


@pytest.mark.parametrize(
    "text, number, rule",
    [
        ("Write to the team at 14 Mill Lane, Anytown.", "14", "statistics.address"),
        ("If someone is in danger, dial 999 straight away.", "999", "statistics.emergency_number"),
        ("For non-urgent matters call 101 and ask for the hub.", "101", "statistics.emergency_number"),
        ("Tomas, 14, had stopped attending school.", "14", "statistics.age_of_named_child"),
        ("Priya was 15 when the referral was made.", "15", "statistics.age_of_named_child"),
        ("Call the duty desk on 0333 456 78 90.", "78", "statistics.phone"),
        ("Indicator 4.2 is reported every quarter.", "4.2", "statistics.labelled"),
        ("Totals may not add up to 100 because of rounding.", "100", "statistics.percent_total"),
        ("Aim 3: Every child ready for school", "3", "statistics.labelled"),
        ("Objective 2 covers the transition to adult services.", "2", "statistics.labelled"),
        ("Looked-after children were placed 40 miles from home on average.", "40", "statistics.distance"),
        ("Re-referrals stood at 23%, against a target of 18%.", "18", "statistics.target"),
        ("The executive meets six times a year.", "six", "statistics.meetings"),
        ("Briefings run on 9 and 16 May at the civic centre.", "9", "statistics.date"),
        ("Members attended all five Partnership meetings.", "five", "statistics.meetings"),
    ],
)
def test_numbers_that_name_or_locate_rather_than_count(nlp, text, number, rule):
    doc = annotate_blocks(nlp, [("paragraph", text)])
    assert number not in kept(doc)
    assert (number, rule) in dropped(doc)


def test_a_half_day_is_a_duration(nlp):
    doc = annotate_blocks(nlp, [("paragraph", "Workshops last a half day and 64 staff attended.")])
    assert kept(doc) == ["64"]
    assert ("a half", "statistics.half_time") in dropped(doc)


def test_a_numbered_resolution_item_in_brackets_is_not_a_count(nlp):
    doc = annotate_blocks(nlp, [("paragraph", "(3) agree the revised threshold document.")])
    assert kept(doc) == []
    assert ("3", "statistics.paragraph_number") in dropped(doc)


def test_a_reference_row_and_a_total_share_in_a_table_are_dropped(nlp):
    doc = paged(
        nlp,
        [[("paragraph", "Funding")]],
        tables=[
            (1, [["Edition", "2.1"]]),
            (1, [["Partner", "Amount", "Share"], ["Police", "£40,000", "25%"], ["Health", "£120,000", "75%"], ["Total", "£160,000", "100%"]]),
        ],
    )
    assert "2.1" not in kept(doc) and "100%" not in kept(doc)
    assert {"£40,000", "25%", "£120,000", "75%", "£160,000"} <= set(kept(doc))
    assert ("100%", "statistics.total_share") in dropped(doc)


def test_a_fact_told_twice_is_one_row(nlp):
    doc = annotate_blocks(
        nlp,
        [
            ("paragraph", "We received 2,317 contacts."),
            ("paragraph", "Across the year we received 2,317 contacts, mostly from schools."),
        ],
    )
    assert kept(doc) == ["2,317"]
    assert ("2,317", "statistics.repeated_fact") in dropped(doc)


def test_every_dropped_candidate_is_recorded_with_its_span(nlp):
    doc = annotate_blocks(nlp, [("paragraph", "Since 2019, 310 children aged 5 were seen within 48 hours.")])
    assert kept(doc) == ["310"]
    assert {("2019", "statistics.year"), ("5", "statistics.age"), ("48", "statistics.duration")} <= set(dropped(doc))


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("The conception rate was 14.8 per 1,000 girls.", 14.8, "other"),
        ("Admissions for self-harm ran at 212 per 100,000 young people.", 212, "other"),
    ],
)
def test_rates_on_other_bases_are_kept_with_unit_other(nlp, text, value, unit):
    doc = annotate_blocks(nlp, [("paragraph", text)])
    assert [(s._.fact["value"], s._.fact["unit"]) for s in doc.spans["statistics"]] == [(value, unit)]


def test_a_section_number_glued_into_running_text_is_not_a_count(nlp):
    doc = annotate_blocks(nlp, [("paragraph", "Anytown Borough Council 5.3 The panel reviewed 41 referrals.")])
    assert kept(doc) == ["41"]
    assert ("5.3", "statistics.paragraph_number") in dropped(doc)


def test_a_decimal_completing_a_phrase_is_kept(nlp):
    doc = annotate_blocks(nlp, [("paragraph", "The average caseload was 17.5 In March it fell.")])
    assert "17.5" in kept(doc)


def test_lone_figures_that_jump_are_not_page_numbers(nlp):
    doc = annotate_blocks(
        nlp,
        [
            ("paragraph", "12"),
            ("paragraph", "new foster families"),
            ("paragraph", "45"),
            ("paragraph", "young carers supported"),
            ("paragraph", "300"),
            ("paragraph", "school staff trained"),
        ],
        page=None,
    )
    assert kept(doc) == ["12", "45", "300"]


def test_a_reference_number_before_a_tab_is_not_a_count(nlp):
    doc = annotate_blocks(nlp, [("paragraph", "Ref\tMeasure\tValue 3.4\tHome visits completed\t212")])
    assert "3.4" not in kept(doc) and "212" in kept(doc)
    assert ("3.4", "statistics.paragraph_number") in dropped(doc)


def test_page_numbers_of_a_document_mirror_transcript(nlp):
    """A mirror site prints the page count above the transcript and "Page N: <title>" before
    each page; each page's text ends with its printed number."""
    doc = annotate_blocks(
        nlp,
        [
            ("paragraph", "Youth service review"),
            ("paragraph", "9"),
            ("paragraph", "Upload: others"),
            ("paragraph", "Page 1: Youth service review · 2019"),
            ("paragraph", "Detached youth workers met 640 young people in parks. 1"),
            ("paragraph", "Page 2: Youth service review · 2019"),
            ("paragraph", "The outreach bus visited 23 estates. 2"),
            ("paragraph", "Page 3: Youth service review · 2019"),
            ("paragraph", "Workers made 31 referrals to early help."),
        ],
        page=None,
    )
    assert kept(doc) == ["640", "23", "31"]
    assert {text for text, rule in dropped(doc) if rule == "statistics.page_number"} >= {"9", "1", "2"}


def test_a_count_ending_a_page_of_a_mirror_is_kept_when_it_is_not_the_page_number(nlp):
    doc = annotate_blocks(
        nlp,
        [
            ("paragraph", "Page 1: Annual digest"),
            ("paragraph", "Mentors supported 75 families, up from 60"),
            ("paragraph", "Page 2: Annual digest"),
            ("paragraph", "Clubs opened: 4"),
            ("paragraph", "Page 3: Annual digest"),
            ("paragraph", "The fair drew 900 visitors."),
        ],
        page=None,
    )
    assert [span._.fact["value"] for span in doc.spans["statistics"]] == [75, 60, 4, 900]
