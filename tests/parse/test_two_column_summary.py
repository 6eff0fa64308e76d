"""The 2023-24 summary: two justified columns, pictures with captions, bullets, links."""

from __future__ import annotations

import pytest

from tests.helpers import normalise

NAME = "wirral-scp-annual-report-2023-24-summary.pdf"

SENTENCES = [
    "In March 2024 there were 372 children subject to a child protection plan, 2819 children in need, "
    "and 777 children looked after, which has fallen since 2022.",
    "Systemic Practice is a relationship based model which emphasises people's relationships as key to understanding their experiences.",
    "The annual Big Learn safeguarding event in 2023 was attended by over 300 professionals",
    "Learning reviews were also completed on Emily and Lily who suffered abuse and neglect, and the Taylor children who suffered physical abuse.",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_sentence_is_not_interleaved_with_the_other_column(corpus_documents, sentence):
    assert sentence in normalise(corpus_documents[NAME].text)


def test_priorities_are_three_list_items_in_order(corpus_documents):
    items = [b.text for b in corpus_documents[NAME].blocks if b.kind == "list_item"]
    starts = [i for i, text in enumerate(items) if text.startswith(("Embedding Systemic Practice", "Safeguarding and Education", "Embedding Change"))]
    assert len(starts) == 3 and starts == sorted(starts)
    assert items[starts[1]].startswith("Safeguarding and Education- Building on the establishment of a safeguarding")


def test_picture_labels_are_captions_not_prose(corpus_documents):
    captions = {b.text for b in corpus_documents[NAME].blocks if b.kind == "caption"}
    assert {"Trauma Informed Practice", "Family Toolbox", "Harm Outside the Home"} <= captions


def test_link_targets_are_kept_with_their_anchor_text(corpus_documents):
    document = corpus_documents[NAME]
    links = {link.uri: link for link in document.links}
    link = links["https://www.wirralsafeguarding.co.uk/annual-report-2023/case-reviews/"]
    assert link.char_start is not None
    assert document.text[link.char_start : link.char_end].startswith("case reviews")
