"""One document to rows: a row a rule gets wrong fails that document, with its reason, in the worker,
and never reaches the publish, where it would stop the whole run."""

from __future__ import annotations

import pytest

from extractor import nlp
from extractor.config import Settings
from extractor.document import process_document
from extractor.model import DocumentRef
from extractor.tables import to_arrow
from tests.helpers import CORPUS

PAGE = CORPUS / "wirral-scp-annual-report-2021-introduction.html"


def test_an_empty_value_in_a_column_that_needs_one_is_refused_naming_the_column():
    row = {"doc_id": "d", "page": 1, "char_start": 0, "char_end": 4, "evidence": "Help", "priority": None}
    with pytest.raises(ValueError, match="priorities.*priority"):
        to_arrow("priorities", [row])


def test_a_fact_row_the_tables_cannot_hold_fails_its_document_and_keeps_its_text(tmp_path, monkeypatch):
    real = nlp.extract

    def with_a_nameless_priority(document, base):
        metadata, facts = real(document, base)
        assert facts["priorities"], "the page has priorities to break"
        facts["priorities"][0]["priority"] = None
        return metadata, facts

    monkeypatch.setattr(nlp, "extract", with_a_nameless_priority)
    ref = DocumentRef(name=PAGE.name, path=PAGE, doc_id="page")
    result = process_document(ref, Settings(corpus=CORPUS, out=tmp_path / "out"))
    (row,) = result.rows["documents"]
    assert result.status == row["status"] == "failed"
    assert "could not be extracted" in row["error"] and "priority" in row["error"]
    assert "priorities" not in result.rows and "statistics" not in result.rows  # no fact of a document half read
    assert result.rows["texts"][0]["text"] and result.rows["blocks"]
    for name, rows in result.rows.items():
        to_arrow(name, rows)  # what is left can be published
