"""Every fact row of every corpus document points at its exact source text and sentence."""

from __future__ import annotations

import pytest

from extractor.nlp import FACT_TABLES, extract
from tests.helpers import CORPUS_FILES


@pytest.fixture(scope="module")
def extracted(corpus_documents):
    return {name: extract(document) for name, document in corpus_documents.items()}


@pytest.mark.parametrize("name", CORPUS_FILES)
@pytest.mark.parametrize("table", FACT_TABLES)
def test_evidence_is_the_text_at_its_offsets_and_inside_its_sentence(corpus_documents, extracted, name, table):
    document = corpus_documents[name]
    _, rows = extracted[name]
    for row in rows[table]:
        assert document.text[row["char_start"] : row["char_end"]] == row["evidence"]
        assert row["evidence"] in row["sentence"]
        assert row["doc_id"] == document.doc_id


@pytest.mark.parametrize("name", [n for n in CORPUS_FILES if n.endswith(".pdf")])
def test_pdf_facts_name_a_page_that_holds_their_evidence(corpus_documents, extracted, name):
    document = corpus_documents[name]
    _, rows = extracted[name]
    facts = [row for table in FACT_TABLES for row in rows[table]]
    assert facts
    for row in facts:
        pages = {b.page for b in document.blocks if b.char_start <= row["char_start"] < b.char_end}
        assert row["page"] in pages and 1 <= row["page"] <= document.n_pages
