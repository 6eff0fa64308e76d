"""Real PDFs nobody on the project made (../shared/realworld/ofsted-ilacs-sample, Ofsted inspection
reports, and ../shared/robustness): page furniture gone, bullets read, paragraphs whole, and the
text faithful to an independent reader (poppler's pdftotext), as issue 17's "done when" asks.

A subset of documents from each layout era is parsed once a session per engine (the parsed_pdf cache
test_pdf_engines shares), so the file stays within about a minute; `benchmarks/fidelity.py` runs the same checks over every file.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest

from benchmarks import fidelity
from extractor.errors import DocumentError
from extractor.model import Document

# reports from each template Ofsted used since 2017: Wingdings bullets and boxed summaries (2017),
# the logo on every page and page numbers at 20 pt (2018-21), a running footer with the dates and
# square bullets (2023-25). The 2014-16 template (long numbered paragraphs) is in the benchmark.
OFSTED_SAMPLE = (
    "knowsley-13-june-2017.pdf",
    "sunderland-20-august-2021.pdf",
    "herefordshire-23-july-2018.pdf",
    "bexley-24-march-2023.pdf",
    "westminster-13-january-2025.pdf",
)
MAX_WORDS_LOST = 0.0005
MIN_GRAMS_KEPT = 0.997
MIN_COMPOUNDS_KEPT = 0.95
MAX_SPLIT_NUMBERED = 0.01
MAX_ROBUSTNESS_PAGES = 3  # the short files of ../shared/robustness; the long ones are in the benchmark

pdftotext_pages = cache(fidelity.pdftotext_pages)  # the reference text, read once for both engines

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not fidelity.OFSTED.is_dir(), reason=f"the real-world sample is not at {fidelity.OFSTED}"),
    pytest.mark.skipif(not fidelity.available(), reason="pdftotext is not installed (poppler-utils; .ci/run installs it)"),
]


@pytest.fixture(scope="module")
def ofsted(pdf_engine, parsed_pdf) -> dict[str, tuple[object, fidelity.Report]]:
    parsed = {}
    for name in OFSTED_SAMPLE:
        path = fidelity.OFSTED / name
        document = parsed_pdf(path, pdf_engine)
        assert isinstance(document, Document), f"{name}: {document}"
        parsed[name] = (document, fidelity.compare(document, pdftotext_pages(path)))
    return parsed


@pytest.fixture(scope="module")
def robustness(pdf_engine, parsed_pdf) -> dict[str, tuple[object, object]]:
    """The short files (up to MAX_ROBUSTNESS_PAGES pages), each with its report; the others with
    None (too long for this test, or refused: encrypted, empty; refusals are tested elsewhere)."""
    parsed: dict[str, tuple[object, object]] = {}
    for path in fidelity.pdfs([fidelity.ROBUSTNESS]):
        document = parsed_pdf(path, pdf_engine)  # the whole file, as test_pdf_engines reads it
        if isinstance(document, DocumentError) or (document.n_pages or 0) > MAX_ROBUSTNESS_PAGES:
            parsed[path.name] = (None, document)
            continue
        parsed[path.name] = (document, fidelity.compare(document, pdftotext_pages(path)))
    return parsed


def total(reports) -> Counter[str]:
    counts: Counter[str] = Counter()
    for _, report in reports:
        counts.update(report.counts)
    return counts


def test_no_block_is_a_bare_page_number(ofsted):
    bare = [(name, b.page, b.text) for name, (d, _) in ofsted.items() for b in d.blocks if fidelity.BARE_NUMBER.fullmatch(b.text)]
    assert bare == []


def test_no_running_header_or_footer_is_left(ofsted):
    assert total(ofsted.values())["running lines left"] == 0


def test_no_page_number_is_glued_to_the_next_pages_text(ofsted):
    assert total(ofsted.values())["page number glued"] == 0


def test_no_bullet_glyph_is_left_and_bullets_are_list_items(ofsted):
    counts = total(ofsted.values())
    assert counts["bullet glyphs left"] == 0
    for name, (document, _) in ofsted.items():  # every report of these templates has bullet lists
        assert any(b.kind == "list_item" for b in document.blocks), name


def test_no_caption_where_the_only_pictures_are_logos(ofsted):
    """These reports' only pictures are the inspectorate's logo (and, on some covers, a badge)."""
    captions = [(name, b.page, b.text) for name, (d, _) in ofsted.items() for b in d.blocks if b.kind == "caption"]
    assert captions == []


def test_numbered_paragraphs_are_whole(ofsted):
    counts = total(ofsted.values())
    assert counts["numbered paragraphs"] > 100
    assert counts["numbered paragraphs split"] <= MAX_SPLIT_NUMBERED * counts["numbered paragraphs"]


def test_line_end_compound_hyphens_are_kept(ofsted):
    counts = total(ofsted.values())
    assert counts["line-end compounds"] > 0
    assert counts["line-end compounds kept"] >= MIN_COMPOUNDS_KEPT * counts["line-end compounds"]


def test_text_is_faithful_to_pdftotext(ofsted):
    reports = [report for _, report in ofsted.values()]
    lost = sum(r.words_lost for r in reports) / sum(r.reference_words for r in reports)
    kept = sum(r.grams_kept for r in reports) / sum(r.grams for r in reports)
    assert lost <= MAX_WORDS_LOST
    assert kept >= MIN_GRAMS_KEPT


def test_robustness_files_keep_no_unmapped_glyph_and_no_page_number(robustness):
    """Other people's test PDFs (forms, tables, charts, scripts other than Latin): their bare
    numbers are chart labels and counts, their squares checkboxes, so only what is never content is
    asserted: no private-use or '(cid:N)' glyph and no block that is its own page's number."""
    parsed = {name: pair for name, pair in robustness.items() if pair[0] is not None}
    assert len(parsed) >= len(robustness) // 2
    for name, (_, report) in parsed.items():
        assert report.counts["private-use glyphs left"] == 0, name
        assert report.counts["own page number blocks"] == 0, name
