"""A scanned committee paper: OCR when Tesseract is installed, a clear needs_ocr when not."""

from __future__ import annotations

import pytest

from extractor.errors import NeedsOCR
from extractor.nlp import extract
from extractor.parse import ocr, parse_bytes
from tests.helpers import CORPUS, HARD, parse_file

SCANNED = HARD / "scanned-committee-paper.pdf"
ORIGINAL = CORPUS / "wirral-2025-01-22-cype-committee-scp-annual-report-2023.pdf"


def test_without_tesseract_the_scan_needs_ocr(monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(NeedsOCR, match="has a text layer, and Tesseract is not installed"):
        parse_bytes(SCANNED.read_bytes(), "x")


@pytest.fixture(scope="module")
def scanned_and_original():
    if not ocr.available():
        pytest.skip("Tesseract is not installed here (.ci/run installs it); the needs_ocr path is tested above")
    return parse_file(SCANNED), parse_file(ORIGINAL)


@pytest.mark.slow
def test_scan_is_read_with_ocr_in_reading_order(scanned_and_original):
    scanned, _ = scanned_and_original
    assert scanned.ocr and scanned.n_pages == 6
    text = " ".join(scanned.text.split())
    assert "The Children, Young People and Education Committee is requested to note the annual report" in text
    assert "Page 1 of 6" not in text


@pytest.mark.slow
def test_scan_yields_the_same_key_facts_as_its_text_original(scanned_and_original):
    (scan_meta, scan_rows), (meta, rows) = (extract(d) for d in scanned_and_original)
    for field in ("partnership", "kind", "meeting_date", "meeting_body", "period_start", "period_end"):
        assert scan_meta[field] == meta[field], field
    assert {r["name"] for r in scan_rows["reviews"]} == {r["name"] for r in rows["reviews"]}
    assert [r["priority_key"] for r in scan_rows["priorities"]] == [r["priority_key"] for r in rows["priorities"]]
    assert [r["action"] for r in scan_rows["recommendations"]] == [r["action"] for r in rows["recommendations"]]
    budget = {(r["value"], r["unit"]) for r in rows["statistics"]}
    assert (300000.0, "GBP") in budget
    assert budget <= {(r["value"], r["unit"]) for r in scan_rows["statistics"]}
