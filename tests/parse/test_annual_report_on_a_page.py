"""The 2016-17 poster: three columns of boxes, bullets drawn with an unmapped glyph."""

from __future__ import annotations

import pytest

from tests.helpers import normalise

NAME = "wirral-lscb-annual-report-on-a-page-2016-17.pdf"

# Sentences read off the rendered poster; each sits in one column and must come out whole.
SENTENCES = [
    "The WSCB has developed a new single model for working with families called Supporting Families Enhancing Futures (SFEF).",
    "The model will be used for families in Team Around the Family, Child in Need and Child Protection processes.",
    "Safeguarding boards are made up of over 25 representatives from a range of organisations who deliver services to children.",
    "Safeguarding challenges for the partnership over the next 12 months are:",
    "Multi-agency arrangements are improving as part of the post Ofsted Improvement Plan.",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_sentence_in_one_column_is_contiguous(corpus_documents, sentence):
    assert sentence in normalise(corpus_documents[NAME].text)


def test_no_unmapped_glyph_codes(corpus_documents):
    assert "(cid:" not in corpus_documents[NAME].text


def test_bullets_under_challenges_are_list_items(corpus_documents):
    items = [b.text for b in corpus_documents[NAME].blocks if b.kind == "list_item"]
    assert "Launching and embedding the SFEF model" in items
    assert "Embedding the Right Service Right Time strategy" in items


def test_infographic_lines_stay_with_their_numbers(corpus_documents):
    text = normalise(corpus_documents[NAME].text)
    assert "49 would be girls and 51 would be boys" in text
    assert "fewer than 1 would have a Child Protection Plan" in text


def test_headings_are_headings(corpus_documents):
    headings = {b.text for b in corpus_documents[NAME].blocks if b.kind == "heading"}
    assert "What are the Partnership Challenges?" in headings
    assert "How is the WSCB Organised, Governed and Led?" in headings
