"""Types are told by content, never by the file name."""

from __future__ import annotations

import pytest

from extractor.errors import EmptyDocument, UnsupportedType
from extractor.sniff import HTML, PDF, TEXT, sniff
from tests.helpers import CORPUS, HARD


def test_pdf_by_magic_bytes_even_after_junk():
    assert sniff(b"\n\n  junk" + b"%PDF-1.7\n...") == PDF


def test_html_saved_as_pdf_is_html():
    assert sniff((HARD / "not-really-a-pdf.pdf").read_bytes()) == HTML


def test_corpus_web_page_is_html():
    assert sniff((CORPUS / "wirral-scp-annual-report-2021-introduction.html").read_bytes()) == HTML


def test_plain_text():
    assert sniff("The partnership’s priorities are neglect and exploitation.".encode()) == TEXT


def test_empty_file():
    with pytest.raises(EmptyDocument, match="empty"):
        sniff(b"")


@pytest.mark.parametrize("data, what", [(b"PK\x03\x04rest", "ZIP"), (b"\x89PNG\r\n\x1a\n", "PNG"), (bytes(range(256)) * 4, "binary")])
def test_other_formats_say_what_they_are(data, what):
    with pytest.raises(UnsupportedType, match=what):
        sniff(data)
