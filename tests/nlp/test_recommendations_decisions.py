"""Decision-page and cover-report forms added in phase 2, each on wording of its own: decision
headings with more words than 'Decisions', intros that only name the body, sub-items of a
numbered decision, mover lines, decision records laid out as tables, page fields, pointers to
recommendations printed elsewhere, and a review's recommendations reported in prose."""

from __future__ import annotations

import pytest
import spacy

import extractor.nlp.sentences  # noqa: F401  (registers the "sentences" component)
from extractor.model import Document, TextBuilder
from extractor.nlp import recommendations
from extractor.nlp.pipeline import annotate
from tests.nlp.helpers import annotate_blocks, annotate_text

METADATA = {"partnership": "Harrowdene Safeguarding Children Partnership", "meeting_body": "Scrutiny Commission"}


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentences")
    pipeline.add_pipe("recommendations")
    return pipeline


def texts_of(doc) -> list[str]:
    return [" ".join(r["text"].split()) for r in recommendations.fact_rows(doc)]


def rules_of(doc) -> list[str]:
    return [rule for _, _, _, rule in doc._.dropped or []]


def test_numbered_items_under_a_longer_decisions_heading(nlp):
    doc = annotate_blocks(
        nlp,
        [
            ("heading", "Decisions of the Commission:"),
            ("list_item", "1. That the revised escalation policy be adopted."),
            ("list_item", "2. That the chair writes to the health trust about waiting times."),
            ("heading", "Contact officer"),
            ("paragraph", "That office is open on weekdays."),
        ],
    )
    assert texts_of(doc) == [
        "the revised escalation policy be adopted",
        "the chair writes to the health trust about waiting times",
    ]


def test_proposed_decision_heading_over_numbered_that_paragraphs(nlp):
    doc = annotate_blocks(
        nlp,
        [
            ("heading", "3. Recommendation(s) / Proposed Decision"),
            ("paragraph", "3.1 That the Commission notes the audit of missing episodes."),
            ("paragraph", "3.2 That the Director be asked to attend in June."),
        ],
    )
    assert texts_of(doc) == ["the Commission notes the audit of missing episodes", "the Director be asked to attend in June"]


def test_decision_details_heading_is_a_page_not_a_decision_section(nlp):
    doc = annotate_blocks(
        nlp,
        [("heading", "Decision details"), ("list_item", "Report to the Commission PDF 120 KB")],
    )
    assert texts_of(doc) == []


def test_intro_naming_only_the_body_is_not_a_recommendation(nlp):
    doc = annotate_blocks(
        nlp,
        [
            ("heading", "Decision:"),
            ("paragraph", "That the Scrutiny Commission:"),
            ("list_item", "(a) Welcomed the partnership's first quarterly dashboard;"),
            ("list_item", "(b) Asked for a briefing on private fostering."),
        ],
    )
    assert texts_of(doc) == ["Welcomed the partnership's first quarterly dashboard", "Asked for a briefing on private fostering"]


def test_resolved_then_the_body_agreed_reads_the_items(nlp):
    text = (
        "Resolved: The Commission agreed:\n\n- (1) To receive the annual report;\n\n- (2) To ask the partnership for a breakdown by ward next year."
    )
    doc = annotate_text(nlp, text, dict(METADATA))
    assert texts_of(doc) == ["To receive the annual report", "To ask the partnership for a breakdown by ward next year"]


def test_unnumbered_sub_items_of_a_numbered_decision_are_not_decisions(nlp):
    doc = annotate_blocks(
        nlp,
        [
            ("paragraph", "RESOLVED:"),
            ("list_item", "(a) That the annual report be received;"),
            ("list_item", "(b) That these two themes be adopted for next year:-"),
            ("list_item", "Online harm"),
            ("list_item", "Young carers"),
            ("list_item", "(c) That a further report come back in the spring."),
        ],
    )
    assert texts_of(doc) == [
        "That the annual report be received",
        "That these two themes be adopted for next year",
        "That a further report come back in the spring",
    ]
    sub_items = {(start, end) for _, start, end, rule in doc._.dropped or [] if rule == "recommendations.sub_item"}
    assert len(sub_items) == 2


def test_mover_line_ending_in_resolved(nlp):
    doc = annotate_blocks(
        nlp,
        [
            ("paragraph", "On the proposal of Councillor Reed, seconded by Councillor Shah, it was RESOLVED -"),
            ("list_item", "(i) That the partnership's report be received."),
            ("list_item", "(ii) That thanks to the officers be placed on record."),
        ],
    )
    assert texts_of(doc) == ["That the partnership's report be received"]


def test_narrated_agreement_is_not_a_resolution(nlp):
    doc = annotate_blocks(nlp, [("paragraph", "The panel agreed to merge its two subgroups last spring.")])
    assert texts_of(doc) == []


def test_date_and_meeting_fields_of_a_decision_page(nlp):
    doc = annotate_blocks(
        nlp,
        [
            ("paragraph", "Date of decision: 03/05/2022"),
            ("paragraph", "Decided at meeting: 03/05/2022 - Scrutiny Commission"),
            ("paragraph", "Key Decision: No"),
        ],
    )
    assert texts_of(doc) == []
    assert rules_of(doc) == ["recommendations.decision_field"] * 3


def test_reasons_paragraph_opening_with_a_label_is_not_a_decision(nlp):
    doc = annotate_blocks(nlp, [("paragraph", "REASONS FOR DECISION: Scrutiny of the partnership is part of the Commission's remit.")])
    assert texts_of(doc) == []


def test_decision_record_table_read_cell_by_cell(nlp):
    builder = TextBuilder()
    builder.add("heading", 1, "Record of decision")
    rows = [
        ["1.", "Subject"],
        ["", "Partnership annual report and budget"],
        ["2.", "Decision"],
        ["", "RESOLVED that:"],
        ["", "1. the annual report be received;"],
        ["", "2. a contribution of £40,000 for next year be agreed."],
        ["3.", "Reasons"],
        ["", "The Council is a statutory partner."],
    ]
    cells = builder.add_table(1, rows, 0)
    doc = annotate(Document("test", "text/html", builder.text, None, None, builder.blocks, cells), nlp)
    assert texts_of(doc) == ["the annual report be received", "a contribution of £40,000 for next year be agreed"]


def test_timeline_table_cells_are_not_decisions(nlp):
    builder = TextBuilder()
    rows = [["When", "Outcome"], ["May 2019", "The forum agreed to meet quarterly"], ["June 2019", "Published online"]]
    cells = builder.add_table(1, rows, 0)
    doc = annotate(Document("test", "text/html", builder.text, None, None, builder.blocks, cells), nlp)
    assert texts_of(doc) == []


def test_governing_body_is_asked_under_a_recommendation_heading(nlp):
    doc = annotate_blocks(
        nlp,
        [("heading", "Recommendation"), ("paragraph", "The Governing Body is asked to note the designated doctor's report.")],
    )
    assert texts_of(doc) == ["note the designated doctor's report"]


def test_invited_to_a_meeting_is_not_a_request(nlp):
    doc = annotate_text(nlp, "RESOLVED:\n\n- 1. That the chair be invited to the July meeting to present the audit.", dict(METADATA))
    assert texts_of(doc) == ["That the chair be invited to the July meeting to present the audit"]


def test_pointer_to_recommendations_elsewhere_is_not_one(nlp):
    doc = annotate_blocks(
        nlp,
        [("heading", "4. Recommendations"), ("paragraph", "4.1 The recommendations are printed on the first page of this paper.")],
    )
    assert texts_of(doc) == []
    assert "recommendations.pointer" in rules_of(doc)


def test_resolution_adopting_recommendations_is_not_a_pointer(nlp):
    doc = annotate_text(nlp, "RESOLVED – That the recommendations of the audit panel be accepted.", dict(METADATA))
    assert texts_of(doc) == ["the recommendations of the audit panel be accepted"]


def test_review_recommendations_reported_in_prose(nlp):
    text = (
        "The thematic review's recommendations included that schools share attendance concerns with health "
        "visitors, and that the partnership publish a guide for faith settings."
    )
    found = recommendations.fact_rows(annotate_text(nlp, text, dict(METADATA)))
    assert [r["text"] for r in found] == [
        "schools share attendance concerns with health visitors",
        "the partnership publish a guide for faith settings",
    ]
    assert {r["source_kind"] for r in found} == {"review_learning"}


def test_numbered_asks_run_together_and_wrapped_by_a_pdf(nlp):
    doc = annotate_blocks(
        nlp,
        [
            ("heading", "Recommendations"),
            ("paragraph", "The Forum is asked to:"),
            ("paragraph", "1) receive the report; 2) consider how member agencies can support the work on"),
            ("paragraph", "online safety; and"),
            ("paragraph", "3) agree a date for the next update."),
        ],
    )
    assert texts_of(doc) == [
        "receive the report",
        "consider how member agencies can support the work on online safety",
        "agree a date for the next update",
    ]


def test_recommendations_lettered_inside_the_announcing_paragraph_and_wrapped(nlp):
    doc = annotate_blocks(
        nlp,
        [
            ("heading", "5. Findings of the audit"),
            ("paragraph", "5.1 The audit report makes two recommendations to agencies: a) that health visitors record"),
            ("paragraph", "the father's details at the first visit; and"),
            ("paragraph", "b) that schools report attendance concerns within five days."),
            ("paragraph", "5.2 Progress will be reported in the spring."),
        ],
    )
    assert texts_of(doc) == [
        "that health visitors record the father's details at the first visit",
        "that schools report attendance concerns within five days",
    ]


def test_key_decisions_heading_over_that_items(nlp):
    doc = annotate_blocks(
        nlp,
        [("heading", "Key decisions"), ("list_item", "That the neglect strategy be signed off."), ("heading", "Attendance")],
    )
    assert texts_of(doc) == ["the neglect strategy be signed off"]


def test_inline_list_not_announced_as_recommendations_is_not_read(nlp):
    doc = annotate_blocks(
        nlp,
        [("paragraph", "Shaped by the recommendations of last year's audit, the partnership's aims are: a) earlier help; b) safer sleep.")],
    )
    assert texts_of(doc) == []


def test_recommendation_label_opening_a_that_resolution(nlp):
    doc = annotate_blocks(nlp, [("paragraph", "Recommendation: That the Commission supports a joint audit of neglect cases.")])
    assert texts_of(doc) == ["the Commission supports a joint audit of neglect cases"]


def test_recommendation_label_over_text_that_directs_nothing(nlp):
    doc = annotate_blocks(nlp, [("paragraph", "RECOMMENDATION: There is no exempt business on this agenda.")])
    assert texts_of(doc) == []


def test_capitalised_resolved_after_the_body_with_an_infinitive(nlp):
    doc = annotate_blocks(nlp, [("paragraph", "The Sub-Committee RESOLVED to receive the dashboard each quarter.")])
    assert texts_of(doc) == ["receive the dashboard each quarter"]


def test_aside_after_resolved(nlp):
    doc = annotate_blocks(nlp, [("paragraph", "RESOLVED (unanimously) that the safeguarding charter be adopted.")])
    assert texts_of(doc) == ["the safeguarding charter be adopted"]


def test_numbered_recommendation_labels_of_a_review(nlp):
    doc = annotate_blocks(
        nlp,
        [
            ("paragraph", "Recommendation 1: Midwives should ask every expectant mother about her support network."),
            ("paragraph", "Recommendation two – the partnership must test its escalation policy with schools."),
            ("paragraph", "Recommendation 3: Completed in March."),
        ],
    )
    assert texts_of(doc) == [
        "Midwives should ask every expectant mother about her support network",
        "the partnership must test its escalation policy with schools",
    ]


def test_to_item_addressed_to_the_reader_is_not_a_decision(nlp):
    doc = annotate_blocks(nlp, [("paragraph", "To receive our newsletter each month please sign up on the partnership's site.")])
    assert texts_of(doc) == []
    assert rules_of(doc) == ["recommendations.reader_instruction"]


def test_cross_reference_in_a_long_pdf_heading_announces_nothing(nlp):
    doc = annotate_blocks(
        nlp,
        [
            ("heading", "9 and the tracking of these children is not yet consistent across the service. (Recommendation)"),
            ("paragraph", "12. Children at risk of exploitation are identified early and supported well."),
        ],
    )
    assert texts_of(doc) == []
