"""The resolution, decision and listed-recommendation forms of the genre, each on wording of its own."""

from __future__ import annotations

from typing import Any

import pytest
import spacy

import extractor.nlp.sentences  # noqa: F401  (registers the "sentences" component)
from extractor.nlp import recommendations
from tests.nlp.helpers import annotate_blocks, annotate_text

METADATA = {"partnership": "Brookfield Safeguarding Children Partnership", "meeting_body": "Families Overview Panel"}


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentences")
    pipeline.add_pipe("recommendations")
    return pipeline


def texts(nlp: spacy.language.Language, text: str) -> list[str]:
    return [r["text"] for r in rows(nlp, text)]


def rows(nlp: spacy.language.Language, text: str) -> list[dict[str, Any]]:
    return recommendations.fact_rows(annotate_text(nlp, text, dict(METADATA)))


def test_resolved_to_with_roman_parts(nlp):
    found = texts(nlp, "Resolved to: (i) accept the audit summary; (ii) ask officers for a costed plan by May.")
    assert found == ["accept the audit summary", "ask officers for a costed plan by May"]


def test_agreed_that(nlp):
    assert texts(nlp, "AGREED that the revised escalation protocol be adopted.") == ["the revised escalation protocol be adopted"]


def test_decision_with_money(nlp):
    found = rows(nlp, "Decision: Approve £48,500 from the reserve for a second exploitation worker.")
    assert [(r["text"], r["action"]) for r in found] == [("Approve £48,500 from the reserve for a second exploitation worker", "approve")]


def test_decision_status_field_is_not_a_decision(nlp):
    doc = annotate_text(nlp, "Decision status: For Determination", dict(METADATA))
    assert recommendations.fact_rows(doc) == []
    assert [rule for _, _, _, rule in doc._.dropped or []] == ["recommendations.decision_field"]


def test_decision_makers_field_is_not_a_decision(nlp):
    assert texts(nlp, "Decision makers: Cabinet Member for Children") == []


def test_record_only_resolution_is_dropped_with_its_reason(nlp):
    doc = annotate_text(nlp, "RESOLVED – That the Panel's gratitude to the outgoing chair be placed on record.", dict(METADATA))
    assert recommendations.fact_rows(doc) == []
    assert [rule for _, _, _, rule in doc._.dropped or []] == ["recommendations.record_only"]


def test_resolution_intro_over_decision_items(nlp):
    text = "RESOLVED:\n\n- Noted the quarterly dashboard\n\n- Endorsed the neglect strategy refresh"
    assert texts(nlp, text) == ["Noted the quarterly dashboard", "Endorsed the neglect strategy refresh"]


def test_improvement_heading_over_bullet_paragraphs_wrapped_over_lines(nlp):
    doc = annotate_blocks(
        nlp,
        [
            ("heading", "What needs to improve"),
            ("paragraph", "\uf0a7 The timeliness of return interviews for children who go"),
            ("paragraph", "missing from care."),
            ("paragraph", "\uf0a7 Oversight of children placed out of area."),
            ("heading", "The experiences of children in care"),
            ("paragraph", "1. Most children are visited often by social workers who know them well."),
        ],
    )
    found = recommendations.fact_rows(doc)
    assert [" ".join(r["text"].split()) for r in found] == [
        "The timeliness of return interviews for children who go missing from care",
        "Oversight of children placed out of area",
    ]
    assert {r["source_kind"] for r in found} == {"inspection"}


def test_improvement_heading_over_plain_paragraphs(nlp):
    doc = annotate_blocks(
        nlp,
        [
            ("heading", "Areas for improvement"),
            ("paragraph", "Ensure that supervision records show the reasons for decisions."),
            ("paragraph", "Improve the quality of pathway plans for care leavers."),
            ("heading", "Summary for children"),
        ],
    )
    assert [r["text"] for r in recommendations.fact_rows(doc)] == [
        "Ensure that supervision records show the reasons for decisions",
        "Improve the quality of pathway plans for care leavers",
    ]


def test_scrutineer_recommendations_as_numbered_paragraphs(nlp):
    text = (
        "The scrutineer made two recommendations to the partners, set out below.\n\n"
        "1. The partners should publish a shorter version of the plan for parents.\n\n"
        "2. Schools should be represented on the executive. The partners accepted both."
    )
    found = rows(nlp, text)
    assert [r["text"] for r in found] == [
        "The partners should publish a shorter version of the plan for parents",
        "Schools should be represented on the executive",
    ]
    assert {r["source_kind"] for r in found} == {"scrutiny_recommendation"}


def test_recommendations_heading_with_an_opening_paragraph(nlp):
    text = (
        "# Conclusion and recommendations\n\n"
        "Overall, arrangements are sound but uneven. I recommend that:\n\n"
        "1. health partners agree a named lead for each locality;\n\n"
        "2. the executive reviews the thresholds document by spring."
    )
    assert texts(nlp, text) == [
        "health partners agree a named lead for each locality",
        "the executive reviews the thresholds document by spring",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "# Progress on recommendations\n\n- Four of the six actions are complete.\n\n- Two are on track.",
        "# Reasons for the recommendations\n\n1. The plan meets the statutory requirements.",
        "The review made nine recommendations.",
        "The Panel noted the report and thanked the officers.",
    ],
)
def test_not_recommendations(nlp, text):
    assert texts(nlp, text) == []


def test_that_the_committee_resolves_to(nlp):
    found = rows(nlp, "That the Scrutiny Board resolves to commission a deep dive into school exclusions.")
    assert [(r["text"], r["addressee"], r["action"]) for r in found] == [
        ("commission a deep dive into school exclusions", "Scrutiny Board", "commission")
    ]


def test_a_board_agreeing_in_narrative_is_not_a_resolution(nlp):
    assert texts(nlp, "Partners agree to share data on a monthly basis, the chair explained.") == []


def test_members_are_recommended_to(nlp):
    found = rows(nlp, "Members are recommended to agree the revised terms of reference.")
    assert [(r["text"], r["addressee"]) for r in found] == [("agree the revised terms of reference", "Members")]


def test_to_note_item(nlp):
    found = rows(nlp, "4. To note the progress of the early help review.")
    assert [(r["text"], r["action"]) for r in found] == [("To note the progress of the early help review", "note")]


def test_past_tense_decisions_under_a_decisions_heading(nlp):
    text = "# Decisions\n\nEndorsed the refreshed neglect strategy.\n\nApproved the pooled budget for 2025-26."
    assert texts(nlp, text) == ["Endorsed the refreshed neglect strategy", "Approved the pooled budget for 2025-26"]


def test_numbered_request_under_a_recommendation_heading_is_one_row(nlp):
    found = rows(nlp, "# Recommendation\n\n1. The Schools Forum is asked to endorse the attendance protocol.")
    assert [(r["text"], r["addressee"]) for r in found] == [("endorse the attendance protocol", "Schools Forum")]
