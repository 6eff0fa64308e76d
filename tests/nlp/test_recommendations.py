"""The recommendations component on short hand-written texts: requests, resolutions,
'recommend that', learning from reviews, and the look-alikes that are not recommendations."""

from __future__ import annotations

from typing import Any

import pytest
import spacy

import extractor.nlp.sentences  # noqa: F401  (registers the "sentences" component)
from extractor.nlp import recommendations
from extractor.nlp.grammar.resolutions import base_form
from tests.nlp.helpers import annotate_text

METADATA = {"partnership": "Anytown Safeguarding Children Partnership", "meeting_body": "Children's Services Scrutiny Committee"}


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentences")
    pipeline.add_pipe("recommendations")
    return pipeline


def run(nlp: spacy.language.Language, text: str, metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return recommendations.fact_rows(annotate_text(nlp, text, dict(METADATA if metadata is None else metadata)))


def brief(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(r["text"], r["action"]) for r in rows]


def test_committee_requested_to_note(nlp):
    rows = run(nlp, "# RECOMMENDATION/S\n\nThe Children and Young People Committee is requested to note the annual report.")
    assert rows == [
        {
            "text": "note the annual report",
            "addressee": "Children and Young People Committee",
            "source_kind": "committee_recommendation",
            "action": "note",
        }
    ]


def test_resolved_that_the_report_be_noted(nlp):
    rows = run(nlp, "RESOLVED – That the report be noted.")
    assert rows == [
        {
            "text": "the report be noted",
            "addressee": "Children's Services Scrutiny Committee",
            "source_kind": "committee_recommendation",
            "action": "note",
        }
    ]


def test_numbered_resolution_parts(nlp):
    rows = run(nlp, "RESOLVED: That (1) the annual report be noted; and (2) the Committee's thanks be recorded.")
    assert brief(rows) == [("the annual report be noted", "note"), ("the Committee's thanks be recorded", "record")]


def test_asked_to_followed_by_bullets(nlp):
    rows = run(nlp, "The Cabinet is asked to:\n\n- approve the revised strategy;\n- note the progress made.")
    assert brief(rows) == [("approve the revised strategy", "approve"), ("note the progress made", "note")]
    assert {r["addressee"] for r in rows} == {"Cabinet"}


def test_several_actions_in_one_paragraph(nlp):
    rows = run(
        nlp,
        "2.1 The Board is recommended to note the report; endorse the priorities for 2024-25; and agree to receive an update in six months.",
    )
    assert brief(rows) == [
        ("note the report", "note"),
        ("endorse the priorities for 2024-25", "endorse"),
        ("agree to receive an update in six months", "agree"),
    ]
    assert {r["addressee"] for r in rows} == {"Board"}


def test_one_request_with_two_verbs_stays_whole(nlp):
    rows = run(nlp, "The Health and Well-being Board is asked to consider the report and highlight any opportunities for joint work.")
    assert brief(rows) == [("consider the report and highlight any opportunities for joint work", "consider")]
    assert rows[0]["addressee"] == "Health and Well-being Board"


def test_members_invited_to_comment(nlp):
    rows = run(nlp, "Members are invited to comment on the report.")
    assert [(r["addressee"], r["action"]) for r in rows] == [("Members", "comment")]


def test_scrutineer_recommends(nlp):
    rows = run(nlp, "# Independent Scrutiny\n\nI would recommend that the escalation policy is refreshed and shared with schools.")
    assert rows == [
        {
            "text": "the escalation policy is refreshed and shared with schools",
            "addressee": "Anytown Safeguarding Children Partnership",
            "source_kind": "scrutiny_recommendation",
            "action": "refresh",
        }
    ]


def test_inspection_recommends(nlp):
    rows = run(nlp, "Inspectors recommended that the local authority improves the quality of child in need plans.")
    assert [(r["source_kind"], r["action"]) for r in rows] == [("inspection", "improve")]


def test_it_is_recommended_that_the_committee(nlp):
    rows = run(nlp, "It is recommended that the Committee notes the contents of this report.")
    assert rows == [
        {
            "text": "the Committee notes the contents of this report",
            "addressee": "Committee",
            "source_kind": "committee_recommendation",
            "action": "note",
        }
    ]


def test_that_paragraph_under_recommendations_heading(nlp):
    rows = run(nlp, "# Recommendations\n\nThat the Panel endorses the annual report.")
    assert brief(rows) == [("the Panel endorses the annual report", "endorse")]


def test_key_lessons_from_reviews_are_learning_not_recommendations(nlp):
    """LABELLING.md: a review's stated recommendations count; lessons a list presents as learning do not."""
    rows = run(
        nlp,
        "Reviews are shared with the partnership. Key lessons from reviews:\n\n"
        "- to ensure fathers are involved in assessments\n"
        "- professionals need to challenge disguised compliance\n"
        "- importance of professional curiosity.",
    )
    assert rows == []


def test_learning_heading_over_bullets_gives_no_rows(nlp):
    rows = run(
        nlp,
        "# Learning from our case reviews\n\n- Agencies should share information about fathers\n- Practitioners must record the voice of the child",
    )
    assert rows == []


@pytest.mark.parametrize(
    "text",
    [
        "# Reason/s for Recommendation/s\n\nThe Committee is asked to note the report because publication is a statutory duty.",
        "The review made 7 recommendations for the partnership.",
        "Partners continue to implement the recommendations of reviews.",
        "# RECOMMENDATIONS",
        "Young people were asked to complete a survey about feeling safe.",
        "Safeguarding partners are required to ensure the report is widely available.",
        "Schools are asked to complete the annual safeguarding audit.",
        "# What has the Board achieved?\n\n- Delivered training\n- Revised the thresholds",
    ],
)
def test_texts_without_recommendations(nlp, text):
    assert run(nlp, text) == []


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("submitted", "submit"),
        ("reviewed", "review"),
        ("applied", "apply"),
        ("considered", "consider"),
        ("prioritised", "prioritise"),
        ("agrees", "agree"),
    ],
)
def test_base_form(word, base):
    assert base_form(word) == base


def test_listed_recommendations_of_the_scrutineer(nlp):
    rows = run(
        nlp,
        "# Independent Scrutiny Report\n\nThe scrutineer met leaders in May.\n\n# Recommendations\n\n"
        "- The partnership should refresh its escalation policy.\n- Health partners should audit supervision.",
    )
    assert [(r["text"], r["source_kind"], r["action"], r["addressee"]) for r in rows] == [
        ("The partnership should refresh its escalation policy", "scrutiny_recommendation", "refresh", METADATA["partnership"]),
        ("Health partners should audit supervision", "scrutiny_recommendation", "audit", METADATA["partnership"]),
    ]


def test_listed_actions_under_recommendations_heading(nlp):
    rows = run(nlp, "# 2. Recommendations\n\n- note the annual report\n- endorse the business plan")
    assert [(r["text"], r["source_kind"], r["action"], r["addressee"]) for r in rows] == [
        ("note the annual report", "committee_recommendation", "note", METADATA["meeting_body"]),
        ("endorse the business plan", "committee_recommendation", "endorse", METADATA["meeting_body"]),
    ]


def test_learning_actions_after_modals_and_passives(nlp):
    rows = run(
        nlp,
        "The review made two recommendations, set out below.\n\n"
        "- Professionals must be curious about the lived experience of adolescents\n"
        "- Information about exploitation should be shared through the panel",
    )
    assert [r["action"] for r in rows] == [None, "share"]


def test_resolution_followed_by_numbered_paragraphs(nlp):
    rows = run(nlp, "RESOLVED – That:\n\n(1) the annual report be noted;\n\n(2) a further report be received in six months.")
    assert brief(rows) == [("the annual report be noted", "note"), ("a further report be received in six months", "receive")]
