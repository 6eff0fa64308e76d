"""The priorities component on short hand-written texts, one per form the genre uses."""

from __future__ import annotations

from typing import Any

import pytest
import spacy

import extractor.nlp.sentences  # noqa: F401  (registers the "sentences" component)
from extractor.nlp import priorities
from extractor.nlp.priorities import normalise_period
from tests.nlp.helpers import annotate_text


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentences")
    pipeline.add_pipe("priorities")
    return pipeline


def run(nlp: spacy.language.Language, text: str) -> list[dict[str, Any]]:
    """Parse plain text ('# ' headings, '- ' bullets, blank lines between blocks) and extract."""
    return priorities.fact_rows(annotate_text(nlp, text))


def names(rows: list[dict[str, Any]]) -> list[str]:
    return [row["priority"] for row in rows]


def test_colon_list_with_semicolons(nlp):
    rows = run(
        nlp,
        "The Business Plan for 2023-26 sets out the four priority areas for the partnership: "
        "Child Neglect; Harm Outside the Home; Early Help; Domestic Abuse.",
    )
    assert names(rows) == ["Child Neglect", "Harm Outside the Home", "Early Help", "Domestic Abuse"]
    assert [r["priority_key"] for r in rows] == ["neglect", "harm_outside_the_home", "early_help", "domestic_abuse"]
    assert [r["rank"] for r in rows] == [1, 2, 3, 4]
    assert {r["plan_period"] for r in rows} == {"2023-26"}


def test_enumerated_prose_list(nlp):
    rows = run(
        nlp,
        "Our three priorities are (i) tackling neglect, (ii) reducing the exploitation of adolescents "
        "and (iii) improving the response to domestic abuse.",
    )
    assert names(rows) == [
        "tackling neglect",
        "reducing the exploitation of adolescents",
        "improving the response to domestic abuse",
    ]
    assert [r["priority_key"] for r in rows] == ["neglect", "exploitation", "domestic_abuse"]


def test_list_in_the_sentence_after_the_cue(nlp):
    rows = run(
        nlp,
        "The partnership agreed its priorities for 2024-25 in March. "
        "These include safeguarding babies, hearing the voice of the child, and online safety.",
    )
    assert names(rows) == ["safeguarding babies", "hearing the voice of the child", "online safety"]
    assert [r["priority_key"] for r in rows] == ["safeguarding_babies", "voice_of_the_child", "online_safety"]
    assert {r["plan_period"] for r in rows} == {"2024-25"}


def test_bullets_under_heading_end_at_a_description_dash(nlp):
    rows = run(
        nlp,
        "# Our Priorities\n\n"
        "- Early Help – providing support at the earliest opportunity\n"
        "- Neglect: improving how agencies recognise neglect\n"
        "- Exploitation\n\n"
        "Some closing text.",
    )
    assert names(rows) == ["Early Help", "Neglect", "Exploitation"]
    assert [r["rank"] for r in rows] == [1, 2, 3]


def test_dash_attached_to_the_name(nlp):
    rows = run(nlp, "# Priorities for 2025-26\n\n- Trauma Informed Practice- embedding the approach across agencies\n- Think Family")
    assert names(rows) == ["Trauma Informed Practice", "Think Family"]
    assert [r["priority_key"] for r in rows] == ["trauma_informed_practice", "think_family"]
    assert {r["plan_period"] for r in rows} == {"2025-26"}


def test_intro_ending_in_colon_gives_the_period(nlp):
    rows = run(
        nlp,
        "The report reviews the year. It also sets out the partnership's key priorities for 24/25:\n\n"
        "- Safeguarding in Education - working with schools\n"
        "- Child Exploitation - tackling county lines",
    )
    assert names(rows) == ["Safeguarding in Education", "Child Exploitation"]
    assert [r["plan_period"] for r in rows] == ["2024-25", "2024-25"]


def test_numbered_priorities(nlp):
    rows = run(
        nlp,
        "# Priority 1 – Neglect\n\nWe will roll out the graded care profile.\n\n# Priority 2 – Criminal Exploitation\n\nWe will map contextual risk.",
    )
    assert names(rows) == ["Neglect", "Criminal Exploitation"]
    assert [r["rank"] for r in rows] == [1, 2]
    assert [r["priority_key"] for r in rows] == ["neglect", "exploitation"]


def test_known_phrase_with_and_is_not_split(nlp):
    rows = run(nlp, "Our priorities are neglect, exploitation and violence against women and girls.")
    assert names(rows) == ["neglect", "exploitation", "violence against women and girls"]
    assert rows[2]["priority_key"] == "violence_against_women_and_girls"


def test_key_falls_back_to_content_words(nlp):
    rows = run(nlp, "Our priorities are: Breaking Barriers; Thriving Communities.")
    assert [r["priority_key"] for r in rows] == ["breaking_barriers", "thriving_communities"]


def test_period_stated_elsewhere_in_the_document(nlp):
    rows = run(
        nlp,
        "The partnership priorities for 2023-25 were agreed by the executive.\n\n# Our priorities\n\n- Neglect\n- Exploitation",
    )
    assert names(rows) == ["Neglect", "Exploitation"]
    assert {r["plan_period"] for r in rows} == {"2023-25"}


@pytest.mark.parametrize(
    "text",
    [
        "The national priorities set by the government are: early help; family hubs; kinship care.",
        "Tackling neglect should be a priority for all agencies, and so should exploitation.",
        "The report describes progress against priorities: neglect, exploitation and early help.",
        "The Health and Wellbeing Board priorities are: mental health; being active; healthy weight.",
        "Safeguarding challenges for the partnership over the next year are:\n\n- Implementing reforms\n- Budget pressures",
        "# What has the Board achieved?\n\n- Delivered training\n- Revised the thresholds",
        "# Progress against our priorities\n\n- Neglect work continued\n- Exploitation work continued",
    ],
)
def test_texts_that_are_not_the_partnerships_own_list(nlp, text):
    assert run(nlp, text) == []


def test_priority_carried_across_years_has_one_key(nlp):
    earlier = run(nlp, "The partnership's priorities for 2022-24 are: Strategy for Neglect; Exploitation.")
    later = run(nlp, "Our priorities for 2024-25 are: Tackling Neglect; Harm outside the home.")
    assert earlier[0]["priority"] != later[0]["priority"]
    assert earlier[0]["priority_key"] == later[0]["priority_key"] == "neglect"
    assert (earlier[0]["plan_period"], later[0]["plan_period"]) == ("2022-24", "2024-25")


def test_the_same_list_twice_gives_one_row_per_priority(nlp):
    rows = run(
        nlp,
        "Our priorities for 2024-25 are: Neglect; Exploitation.\n\n"
        "# Our priorities for 2024-25\n\n- Neglect - what we will do\n- Exploitation - what we will do",
    )
    assert names(rows) == ["Neglect", "Exploitation"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2022-24", "2022-24"), ("2022-2024", "2022-24"), ("2024/25", "2024-25"), ("24-25", "2024-25"), ("2023–24", "2023-24"), ("10-25", None)],
)
def test_normalise_period(text, expected):
    assert normalise_period(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Our priorities are informed by the views of children, data and learning from reviews.",
        "The priorities for the coming year are set out in section five, with actions and measures.",
        "The board reviewed its priorities during the year. These included a workshop, a survey and a development day.",
    ],
)
def test_sentences_about_priorities_that_do_not_list_them(nlp, text):
    assert run(nlp, text) == []


def test_doc_without_parsed_blocks_is_split_on_blank_lines(nlp):
    doc = nlp("# Our priorities\n\n- Neglect\n\n- Exploitation\n\nOther text.")
    assert names(priorities.fact_rows(doc)) == ["Neglect", "Exploitation"]


@pytest.mark.parametrize(
    "text",
    [
        "Work to deliver our priorities included:\n\n- A neglect conference\n- Training for 300 staff",
        "Activity in line with the partnership priorities this year:\n\n- Audits of strategy meetings\n- A new website",
    ],
)
def test_activity_towards_priorities_is_not_a_priority_list(nlp, text):
    assert run(nlp, text) == []


def test_priority_number_in_prose_is_not_a_numbered_name(nlp):
    assert run(nlp, "Priority one is to reduce neglect by training staff in the graded care profile.") == []


def test_a_list_item_without_words_is_no_priority(nlp):
    # a list whose items include a bare number (code, a table of figures read as a list)
    rows = run(nlp, 'The priorities set for the year: "none", 1, "a hundred".')
    assert rows and all(any(char.isalpha() for char in name) for name in names(rows))
