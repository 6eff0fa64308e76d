"""Priority forms of the genre added for real documents' layouts, each on wording of its own:
numbered headings, priorities as a run of headings, table columns, intros and their look-alikes."""

from __future__ import annotations

from typing import Any

import pytest
import spacy

import extractor.nlp.sentences  # noqa: F401  (registers the "sentences" component)
from extractor.model import Document, TextBuilder
from extractor.nlp import priorities
from extractor.nlp.pipeline import annotate
from tests.nlp.helpers import annotate_text


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentences")
    pipeline.add_pipe("priorities")
    return pipeline


def names(nlp: spacy.language.Language, text: str) -> list[str]:
    return [row["priority"] for row in rows(nlp, text)]


def rows(nlp: spacy.language.Language, text: str) -> list[dict[str, Any]]:
    return priorities.fact_rows(annotate_text(nlp, text))


def test_strategic_priority_with_its_number(nlp):
    text = (
        "# Strategic priority 1: Keeping teenagers safe online\n\nWhy it matters to us.\n\n"
        "# Strategic priority 2: Supporting young carers\n\nWhat we will do."
    )
    found = rows(nlp, text)
    assert [(r["priority"], r["rank"]) for r in found] == [("Keeping teenagers safe online", 1), ("Supporting young carers", 2)]


def test_bare_priority_heading_named_by_the_next_block(nlp):
    text = (
        "# Priority One\n\nSafer sleep for every baby\n\nMidwives and health visitors will give the same advice.\n\n"
        "# Priority Two\n\nFathers seen and heard\n\nPractitioners will ask about every adult in the home."
    )
    assert names(nlp, text) == ["Safer sleep for every baby", "Fathers seen and heard"]


def test_priorities_as_a_run_of_headings_after_an_intro(nlp):
    text = (
        "# Our priorities\n\nThe partners chose these priorities with young people. They are:\n\n"
        "# Healthy relationships\n\nHelping teenagers recognise coercive behaviour.\n\n"
        "# Families under pressure\n\nReaching families hit by debt and insecure housing.\n\n"
        "# What we achieved\n\n# Learning from practice\n\nOur audit programme for the year."
    )
    assert names(nlp, text) == ["Healthy relationships", "Families under pressure"]


def test_numbered_priority_headings_after_prose(nlp):
    text = (
        "# Our priorities for 2025-27\n\nThe executive agreed them in January after a consultation.\n\n"
        "# 1. Children are safe in their neighbourhoods\n\nLead: the police.\n\n"
        "# 2. Young people can get mental health support quickly\n\nLead: the health board.\n\n"
        "# Budget\n\nContributions were unchanged."
    )
    found = rows(nlp, text)
    assert [r["priority"] for r in found] == [
        "Children are safe in their neighbourhoods",
        "Young people can get mental health support quickly",
    ]
    assert {r["plan_period"] for r in found} == {"2025-27"}


def test_headings_after_a_story_section_are_not_priorities(nlp):
    text = (
        "# Our priorities in action\n\nThese accounts show what the work means for one family.\n\n"
        "# Sam's story\n\nSam was referred by his school.\n\n# Leah's story\n\nLeah moved area twice."
    )
    assert names(nlp, text) == []


def with_table(
    nlp: spacy.language.Language, before: list[tuple[str, str]], table: list[list[str]], dropped: list | None = None
) -> list[tuple[str, int]]:
    """Blocks, then a table given as rows of cells, as the HTML and PDF parsers hand them over."""
    builder = TextBuilder()
    for kind, text in before:
        builder.add(kind, 1, text)
    cells = builder.add_table(1, table, 0)
    document = Document("test", "text/html", builder.text, None, None, builder.blocks, cells)
    doc = annotate(document, nlp)
    if dropped is not None:
        dropped.extend(doc._.dropped or [])
    return [(r["priority"], r["rank"]) for r in priorities.fact_rows(doc)]


def test_table_column_headed_priority(nlp):
    found = with_table(
        nlp,
        [("heading", "Business plan 2024-26"), ("paragraph", "The board has agreed two priorities.")],
        [["Priority", "Lead"], ["Priority 1: Online harm", "Police"], ["Priority 2: Children missing education", "Schools"]],
    )
    assert found == [("Online harm", 1), ("Children missing education", 2)]


def test_table_of_another_boards_priorities_is_not_read(nlp):
    doc_dropped: list = []
    found = with_table(
        nlp,
        [("heading", "Report to the board")],
        [["Health and wellbeing board priority", "Tick"], ["Moving more", "Yes"], ["Eating well", "No"]],
        doc_dropped,
    )
    assert found == []
    assert [rule for _, _, _, rule in doc_dropped] == ["priorities.other_body_table"]


def test_intro_whose_cue_is_in_an_earlier_sentence(nlp):
    text = (
        "In 2024 the partners set two priorities for the year ahead. Each was written as an outcome:\n\n"
        "- Babies sleep safely\n\n- Teenagers know where to turn"
    )
    assert names(nlp, text) == ["Babies sleep safely", "Teenagers know where to turn"]


@pytest.mark.parametrize(
    "text",
    [
        "# Our priorities\n\nAlongside them, the focus areas for this year will be:\n\n- a new audit tool\n\n- a website",
        "# Training priorities for 2024\n\n- refresher courses for school staff\n\n- a conference",
        "We will keep our priorities. These are actions, not new priorities:\n\n- publish a leaflet\n\n- hold a survey",
    ],
)
def test_lists_that_are_not_priorities(nlp, text):
    assert names(nlp, text) == []


def test_follow_on_sentence_that_says_the_list_is_something_else(nlp):
    text = "The training group identified the following priorities for its courses. These are course plans, not partnership priorities."
    assert names(nlp, text) == []
