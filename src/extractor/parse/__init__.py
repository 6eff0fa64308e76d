"""Bytes to `Document`: the type is told by content, then the matching parser runs."""

from __future__ import annotations

from ..model import Document
from ..sniff import HTML, PDF, TEXT, sniff
from .html import parse_html
from .pdf import AUTO, Engine, parse_pdf
from .text import parse_text

DEFAULT_MAX_PAGES = 2000


def parse_bytes(data: bytes, doc_id: str, max_pages: int = DEFAULT_MAX_PAGES, pdf_engine: Engine = AUTO) -> Document:
    """Parse any supported document; raises a `DocumentError` saying what is wrong otherwise.
    `pdf_engine` is `parse.pdf_engine` of the config: `auto` (PDFium first) or `pdfplumber`."""
    content_type = sniff(data)
    if content_type == PDF:
        return parse_pdf(data, doc_id, max_pages, pdf_engine)
    if content_type == HTML:
        return parse_html(data, doc_id)
    return parse_text(data, doc_id)


__all__ = ["HTML", "PDF", "TEXT", "parse_bytes", "sniff"]
