"""Statistics on real PDFs nobody here wrote (Ofsted inspections of children's services, in
`../shared/realworld/ofsted-ilacs-sample/`, never copied into the repository): no statistic row
is a bare page number or a paragraph number.

The check holds on the extraction alone: the parsing may or may not have removed the page
furniture already.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractor.nlp.pipeline import extract
from extractor.parse import parse_bytes
from tests.helpers import SHARED

pytestmark = pytest.mark.slow

SAMPLE = Path("realworld") / "ofsted-ilacs-sample"
REPORTS = 3  # a few reports keep the test well under a minute on a shared machine
PARAGRAPH_NUMBER_RE = r"^\d{1,2}\.\d{1,2}$"  # "31.2"


def _sample() -> Path | None:
    """The real-PDF sample beside the repository (tests.helpers.SHARED finds it), or None."""
    folder = SHARED / SAMPLE
    return folder if folder.is_dir() else None


@pytest.fixture(scope="module")
def report_rows() -> dict[str, tuple[str, list[dict]]]:
    folder = _sample()
    if folder is None:
        pytest.skip(f"no shared/{SAMPLE} next to the repository root: the real-PDF sample is not on this machine")
    pdfs = sorted(folder.glob("*.pdf"), key=lambda p: p.stat().st_size)[:REPORTS]
    rows = {}
    for pdf in pdfs:
        document = parse_bytes(pdf.read_bytes(), pdf.stem)
        _, tables = extract(document)
        rows[pdf.name] = (document.text, tables["statistics"])
    return rows


def _line_start(text: str, offset: int) -> bool:
    """Only spaces between the previous line break (or the start) and `offset`."""
    line = text[text.rfind("\n", 0, offset) + 1 : offset]
    return not line.strip()


def test_the_reports_yield_statistics(report_rows):
    """The sample has real figures; a filter that dropped every number would pass the checks below."""
    assert sum(len(rows) for _, rows in report_rows.values()) > 0


def test_no_statistic_is_a_bare_page_number(report_rows):
    bare = [
        (name, row["evidence"])
        for name, (_, rows) in report_rows.items()
        for row in rows
        if row["sentence"].strip() == row["evidence"].strip() and row["evidence"].strip().isdigit()
    ]
    assert bare == []


def test_no_statistic_is_a_paragraph_number(report_rows):
    numbered = []
    for name, (text, rows) in report_rows.items():
        for row in rows:
            evidence, start, end = row["evidence"], row["char_start"], row["char_end"]
            opens_line = _line_start(text, start)
            decimal = re.match(PARAGRAPH_NUMBER_RE, evidence) is not None
            stop_after = evidence.isdigit() and text[end : end + 1] in {".", ")"}
            if opens_line and (decimal or stop_after):
                numbered.append((name, evidence, text[start : start + 40]))
    assert numbered == []
