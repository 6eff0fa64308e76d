"""Priority forms of committee papers and minutes, each on wording of its own: lists that are the cue's
apposition, a single priority in a sentence, one priority per sentence, resolutions with nested lists,
entries run into the next intro, ticked cover-sheet tables, prose in a decision record's cells."""

from __future__ import annotations

import pytest
import spacy

import extractor.nlp.sentences  # noqa: F401  (registers the "sentences" component)
from extractor.model import Document, TextBuilder
from extractor.nlp import priorities
from extractor.nlp.grammar.lists import numbering_style, run_in_end
from extractor.nlp.pipeline import annotate
from tests.nlp.helpers import annotate_blocks, annotate_text


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentences")
    pipeline.add_pipe("priorities")
    return pipeline


def names(nlp: spacy.language.Language, text: str) -> list[str]:
    return [row["priority"] for row in priorities.fact_rows(annotate_text(nlp, text))]


def block_names(nlp: spacy.language.Language, blocks: list[tuple[str, str]]) -> list[str]:
    return [row["priority"] for row in priorities.fact_rows(annotate_blocks(nlp, blocks))]


def table_names(nlp: spacy.language.Language, before: list[tuple[str, str]], table: list[list[str]]) -> list[str]:
    builder = TextBuilder()
    for kind, text in before:
        builder.add(kind, 1, text)
    cells = builder.add_table(1, table, 0)
    document = Document("test", "text/html", builder.text, None, None, builder.blocks, cells)
    return [row["priority"] for row in priorities.fact_rows(annotate(document, nlp))]


def test_counted_list_after_a_colon_despite_an_activity_word(nlp):
    text = "The group keeps working towards its four priorities: online safety, young carers, school exclusion and faith settings."
    assert names(nlp, text) == ["online safety", "young carers", "school exclusion", "faith settings"]


def test_activity_word_without_an_appositive_list_still_disowns(nlp):
    text = "Work towards the priorities has included a conference, two audits and a new leaflet."
    assert names(nlp, text) == []


def test_namely_list_ends_where_a_new_clause_opens(nlp):
    text = (
        "The chair set out the Partnership's priorities for 2025-27, namely youth violence, private fostering "
        "and fathers' involvement, together with the budget for the year."
    )
    found = priorities.fact_rows(annotate_text(nlp, text))
    assert [r["priority"] for r in found] == ["youth violence", "private fostering", "fathers' involvement"]
    assert {r["plan_period"] for r in found} == {"2025-27"}


def test_list_after_priorities_of(nlp):
    text = "The clinic's plan was aligned with the Partnership's priorities of private fostering, knife harm and sleep safety."
    assert names(nlp, text) == ["private fostering", "knife harm", "sleep safety"]


@pytest.mark.parametrize(
    "text",
    [
        "The priorities of the board are reviewed each spring, with partners and schools.",
        "The panel compared the priorities of each agency, the police and the school.",
    ],
)
def test_priorities_of_an_owner_is_no_list(nlp, text):
    assert names(nlp, text) == []


def test_list_with_fixed_phrase_keeps_its_and(nlp):
    text = "Our three priorities are: housing, exclusion and the safety of children and young people online."
    assert names(nlp, text) == ["housing", "exclusion", "the safety of children and young people online"]


def test_name_and_description_items_under_a_progress_intro(nlp):
    text = (
        "The manager reported progress during the year against each of the board's priorities:\n\n"
        "- Young carers - a register had been opened and 40 carers had joined;\n\n"
        "- Online harm - every school had received the new guidance.\n\n"
        "Other work mentioned included:\n\n- Budget - the accounts were balanced."
    )
    assert names(nlp, text) == ["Young carers", "Online harm"]


def test_progress_intro_with_plain_items_is_still_not_a_list(nlp):
    text = "The manager reported progress against the priorities:\n\n- a new audit\n\n- a conference in May"
    assert names(nlp, text) == []


def test_nested_list_in_a_resolution_ends_when_the_numbering_resumes(nlp):
    blocks = [
        ("paragraph", "RESOLVED:"),
        ("list_item", "(a) That the annual report be received;"),
        ("list_item", "(b) That the following partnership priorities be agreed:"),
        ("list_item", "Teenage relationships"),
        ("list_item", "Foster carers' support"),
        ("list_item", "(c) That a report on the plan come back in May."),
    ]
    assert block_names(nlp, blocks) == ["Teenage relationships", "Foster carers' support"]


def test_numbered_priorities_are_not_followed_by_the_next_resolution(nlp):
    blocks = [
        ("list_item", "1. That the new arrangements be approved."),
        ("list_item", "2. That these partnership priorities be supported:"),
        ("list_item", "Priority 1 – Fathers"),
        ("list_item", "Priority 2 – Bullying"),
        ("list_item", "3. That the funding be agreed."),
    ]
    assert block_names(nlp, blocks) == ["Fathers", "Bullying"]


def test_last_item_run_into_the_next_intro(nlp):
    blocks = [
        ("paragraph", "The board agreed three priorities for the coming year:"),
        ("list_item", "Sleep safety"),
        ("list_item", "Private fostering"),
        ("list_item", "Fathers' voices The board also set its subgroups these tasks:"),
        ("list_item", "a leaflet;"),
    ]
    assert block_names(nlp, blocks) == ["Sleep safety", "Private fostering", "Fathers' voices"]


def test_one_priority_per_sentence_after_a_counted_colon(nlp):
    text = (
        "The partners agreed two priorities, each written as a goal: Teenagers get help with housing quickly. "
        "Young carers are known to their school. Members then heard about training."
    )
    assert names(nlp, text) == ["Teenagers get help with housing quickly", "Young carers are known to their school"]


def test_single_priority_in_a_sentence(nlp):
    text = "One of the partnership's priorities for 2025-26 is Fewer exclusions from school, and the panel heard how."
    found = priorities.fact_rows(annotate_text(nlp, text))
    assert [(r["priority"], r["plan_period"]) for r in found] == [("Fewer exclusions from school", "2025-26")]


def test_single_priority_of_another_body_is_not_read(nlp):
    text = "One of the Council's priorities is cleaner streets, which the panel noted."
    assert names(nlp, text) == []


def test_ticked_column_of_the_partnerships_priorities(nlp):
    found = table_names(
        nlp,
        [("heading", "Partnership priorities this paper addresses")],
        [
            ["Northtown Children Safeguarding Partnership priority", "Relevant?"],
            ["Sleep safety", "☒"],
            ["Knife harm", "☐"],
            ["Young carers", "☒"],
        ],
    )
    assert found == ["Sleep safety", "Young carers"]


def test_prose_list_in_a_decision_record_cell(nlp):
    found = table_names(
        nlp,
        [("heading", "Decision record")],
        [
            ["Item", "Detail"],
            [
                "Record of the decision",
                "The report set out the work done against the Partnership's two priorities for 2025-27: fathers; and sleep safety.",
            ],
        ],
    )
    assert found == ["fathers", "sleep safety"]


def test_list_in_a_section_headed_by_another_body(nlp):
    text = "# Links to the Joint Health and Wellbeing Strategy\n\nThe strategy has three priorities: moving more, eating well and sleeping better."
    assert names(nlp, text) == []


def test_predicate_naming_an_owner_is_no_list(nlp):
    assert names(nlp, "The aims and priorities above are those of the regional policing board.") == []


def test_restated_priority_is_one_row(nlp):
    text = "Our priorities for 2024-25 were: sleep safety, knife harm.\n\nOur priorities for 2025-26 are: sleep safety, young carers."
    assert names(nlp, text) == ["sleep safety", "knife harm", "young carers"]


def test_numbering_style_and_run_in_end():
    doc = spacy.blank("en")("(iv) That it be noted Young carers The board met")
    assert numbering_style(doc, 0, len(doc)) == numbering_style(spacy.blank("en")("(ii) x"), 0, 2)
    assert numbering_style(spacy.blank("en")("Young carers"), 0, 2) == ""
    assert numbering_style(spacy.blank("en")("3. That"), 0, 3) != numbering_style(doc, 0, len(doc))
    joined = spacy.blank("en")("Young carers The board also agreed:")
    assert run_in_end(joined, 0, len(joined)) == 2
    assert run_in_end(spacy.blank("en")("Working Together to Safeguard"), 0, 4) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The group's priorities were identified as fostering, bullying and housing.", ["fostering", "bullying", "housing"]),
        ("That the Board's priorities of fostering, bullying and housing be agreed.", ["fostering", "bullying", "housing"]),
        ("The Board's priorities (fostering, bullying and housing) were agreed by members.", ["fostering", "bullying", "housing"]),
        ("The paper gave an update on the board's priorities, which are fostering, bullying and housing.", ["fostering", "bullying", "housing"]),
    ],
)
def test_appositive_lists_of_minutes(nlp, text, expected):
    assert names(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Joint priorities are firmly aligned, with roles and duties set out in each plan.",
        "Leaders report on key priorities that are understood and acted on.",
        "The panel looks at priority areas of practice alongside audits and reports.",
    ],
)
def test_sentences_about_priorities_that_list_none(nlp, text):
    assert names(nlp, text) == []


def test_list_whose_first_item_is_early_help(nlp):
    assert names(nlp, "Our priorities are early help, young carers and fostering.") == ["early help", "young carers", "fostering"]
