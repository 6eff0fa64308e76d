"""Sentence boundaries: blocks are hard boundaries; abbreviations and decimals are not."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractor.nlp import sentences  # noqa: F401  (registers the factory)
from extractor.nlp.pipeline import annotate
from tests.nlp.helpers import annotate_blocks

SUMMARY = "wirral-scp-annual-report-2023-24-summary.pdf"


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentences")
    return pipeline


def segment(nlp: Language, blocks: list[tuple[str, str]]) -> Doc:
    """A doc made of blocks joined like the parsers join them (two newlines)."""
    return annotate_blocks(nlp, blocks)


def texts(doc: Doc) -> list[str]:
    return [s.text.strip() for s in doc.sents]


def test_every_token_gets_a_boolean_sentence_start(nlp):
    doc = segment(nlp, [("heading", "Title"), ("paragraph", "One sentence. Another one.")])
    assert all(token.is_sent_start in (True, False) for token in doc)
    assert doc[0].is_sent_start is True


def test_block_boundaries_split_even_without_punctuation(nlp):
    doc = segment(nlp, [("heading", "If Wirral Had 100 Children"), ("paragraph", "49 would be girls and 51 would be boys")])
    assert texts(doc) == ["If Wirral Had 100 Children", "49 would be girls and 51 would be boys"]


def test_sentence_never_crosses_a_block(nlp):
    doc = segment(nlp, [("list_item", "Launching the model"), ("list_item", "embedding the strategy")])
    assert texts(doc) == ["Launching the model", "embedding the strategy"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The WSCP met in 2023. It agreed the plan.", ["The WSCP met in 2023.", "It agreed the plan."]),
        ("Was it good? Yes! Then we stopped.", ["Was it good?", "Yes!", "Then we stopped."]),
        ("Agencies, e.g. Police, attended. Others did not.", ["Agencies, e.g. Police, attended.", "Others did not."]),
        ("Schools, i.e. Primary schools, responded.", ["Schools, i.e. Primary schools, responded."]),
        ("Audits, training etc. The board noted them.", ["Audits, training etc. The board noted them."]),
        ("See No. 4 in the plan.", ["See No. 4 in the plan."]),
        ("Dr. Smith chaired it. St. Helens was there.", ["Dr. Smith chaired it.", "St. Helens was there."]),
        ("The rate rose to 4.2 per cent. The budget was £1.5m in total.", ["The rate rose to 4.2 per cent.", "The budget was £1.5m in total."]),
        ("During 2023 we met. 60 events were held.", ["During 2023 we met.", "60 events were held."]),
        ("Results (see para. 3) were good.", ["Results (see para. 3) were good."]),
        ('He said "It works." The end.', ['He said "It works."', "The end."]),
        ("It ended... Next one.", ["It ended...", "Next one."]),
        ("lower case after a stop. is not a new sentence", ["lower case after a stop. is not a new sentence"]),
    ],
)
def test_punctuation_rules(nlp, text, expected):
    assert texts(segment(nlp, [("paragraph", text)])) == expected


def test_table_rows_are_sentences(nlp):
    doc = segment(nlp, [("table", "Indicator | 2022-23\nContacts | 14,523\nReferrals | 3,456")])
    assert texts(doc) == ["Indicator | 2022-23", "Contacts | 14,523", "Referrals | 3,456"]


def test_span_sent_works(nlp):
    doc = segment(nlp, [("paragraph", "First one here. The budget is £300,000 this year.")])
    token = next(t for t in doc if t.text == "300,000")
    assert token.sent.text == "The budget is £300,000 this year."


def test_without_blocks_the_whole_text_is_one_block(nlp):
    doc = nlp.make_doc("One. Two.")
    doc = nlp.get_pipe("sentences")(doc)
    assert texts(doc) == ["One.", "Two."]


def test_corpus_sentences_stay_inside_blocks(nlp, corpus_documents):
    for document in corpus_documents.values():
        doc = annotate(document, nlp)
        ends = {b.char_end for b in document.blocks}
        for sentence in doc.sents:
            text = sentence.text.rstrip()
            start, end = sentence.start_char, sentence.start_char + len(text)
            inside = [b for b in document.blocks if b.char_start <= start < b.char_end]
            assert inside, (document.doc_id, text[:60])
            assert end <= inside[0].char_end, (document.doc_id, text[:60])
        assert ends


def test_corpus_summary_splits_after_a_full_stop(nlp, corpus_documents):
    document = corpus_documents[SUMMARY]
    doc = annotate(document, nlp)
    starts = [s.text[:30] for s in doc.sents]
    assert "During 2023 the WSCP delivered" in starts
    assert "In March 2024 there were 372 c" in starts
