"""Forms of named reviews read at the level of a section or card, joined codes, case codes, and the
reviews that are dropped (adults' reviews, verbs, course titles), with the rule recorded."""

from __future__ import annotations

import pytest
import spacy

from extractor.nlp import reviews
from tests.nlp import test_reviews
from tests.nlp.helpers import annotate_text

nlp = test_reviews.nlp  # the sentences + reviews pipeline fixture


def names_and_kinds(nlp: spacy.language.Language, text: str) -> list[tuple[str, str]]:
    return [(r["name"], r["kind"]) for r in reviews.fact_rows(annotate_text(nlp, text))]


def dropped_rules(nlp: spacy.language.Language, text: str) -> list[tuple[str, str]]:
    doc = annotate_text(nlp, text)
    return [(doc.text[s:e], rule) for table, s, e, rule in doc._.dropped or [] if table == "reviews"]


def test_briefing_cards_take_their_kind_from_the_card_and_guides_are_not_reviews(nlp):
    text = (
        "# Learning briefings\n\n"
        "# Priya and Omar\n\n"
        "In May 2020 Omar, aged two, was found alone at home with his sister Priya. "
        "The learning review looked at how neighbours' concerns were passed on.\n\n"
        "# Baby Noor\n\n"
        "Last winter Noor, aged five weeks, was admitted with a skull fracture. This LCSPR examined how the "
        "health visitor heard about the father.\n\n"
        "# Dominic\n\n"
        "In spring 2019 Dominic, then 16, went missing from his placement. The review describes the work of three police forces.\n\n"
        "# Guides for practitioners\n\n"
        "# Chronologies\n\n"
        "Case reviews often show that chronologies are out of date. This guide sets out how to keep chronologies useful.\n"
    )
    assert names_and_kinds(nlp, text) == [("Priya and Omar", "learning review"), ("Baby Noor", "LCSPR"), ("Dominic", "other")]


def test_a_heading_word_that_only_opens_a_sentence_is_not_a_card(nlp):
    text = "# Hello\n\nHello and thank you for reading. Our reviews this year are described below.\n"
    assert names_and_kinds(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A learning review concerning Siblings P and Q, aged 3 and 6, was completed.", [("Siblings P and Q", "learning review")]),
        ("The serious case review about Child M1/M2 was published in 2016.", [("Child M1/M2", "SCR")]),
        ("The partnership completed a multi-agency learning review concerning Sibling Group F.", [("Sibling Group F", "learning review")]),
    ],
)
def test_joined_codes_are_one_review(nlp, text, expected):
    assert names_and_kinds(nlp, text) == expected


def test_a_case_code_is_the_name_only_when_no_name_is_given(nlp):
    text = (
        "# Local Child Safeguarding Practice Review: KLM21/PQR21\n\n"
        "The review, anonymised as KLM21/PQR21, looked at two teenagers.\n\n"
        "# Child Safeguarding Practice Review: Ezra (WXY19)\n\n"
        "Ezra was nine months old.\n"
    )
    assert names_and_kinds(nlp, text) == [("KLM21/PQR21", "LCSPR"), ("Ezra", "CSPR")]


def test_a_coded_child_opening_a_paragraph_in_a_section_about_reviews(nlp):
    text = (
        "# Reviews we completed\n\n"
        "Young Person F (completed May 2021). Young Person F was a 16-year-old who was stabbed. "
        "The CSPR found that school exclusion had not been shared.\n\n"
        "‘Tia’ was a toddler who was neglected for many months. The review found that nobody spoke to her.\n"
    )
    assert names_and_kinds(nlp, text) == [("Young Person F", "CSPR"), ("Tia", "other")]


def test_the_same_review_in_a_link_list_twice_is_one_row(nlp):
    text = (
        "# Briefings A to Z\n\n"
        "- Bullying and cyberbullying\n"
        "- Child K Serious Case Review\n"
        "- Hoarding and neglect\n"
        "- Child K Serious Case Review\n"
        "- Family N Learning Review\n"
    )
    assert names_and_kinds(nlp, text) == [("Child K", "SCR"), ("Family N", "learning review")]


def test_adult_reviews_are_dropped_with_their_reason(nlp):
    text = "Our partners in the adults' board published a Safeguarding Adults Review: “Mrs P” this spring. The DHR into Adult Q is ongoing."
    assert names_and_kinds(nlp, text) == []
    assert ("Mrs P", "reviews.adult_review") in dropped_rules(nlp, text)


def test_reviews_as_a_verb_names_no_review(nlp):
    text = "Each quarter our Executive reviews the risk register and the review of neglect cases."
    assert names_and_kinds(nlp, text) == []
    assert dropped_rules(nlp, text) == [("Executive reviews", "reviews.verb")]


def test_course_titles_listed_after_learning_from_reviews_are_not_reviews(nlp):
    text = "Two workshops were written from what we learned in reviews: “Hidden Men” and “Listening to Toddlers”."
    assert names_and_kinds(nlp, text) == []
    assert {rule for _, rule in dropped_rules(nlp, text)} == {"reviews.not_a_review"}
