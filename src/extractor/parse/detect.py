"""Tell PDF, HTML and plain text apart by their bytes, never by the file name."""

from __future__ import annotations

import re

from ..errors import EmptyDocument, UnsupportedType

PDF = "application/pdf"
HTML = "text/html"
TEXT = "text/plain"

PDF_MAGIC_WINDOW = 1024  # the PDF spec lets '%PDF-' start anywhere in the first kilobyte
HTML_MARKERS = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<title[\s>]", re.IGNORECASE)
KNOWN_BINARIES = {
    b"PK\x03\x04": "a ZIP archive (or a Word/Excel/PowerPoint file)",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"{\\rtf": "an RTF file",
}


def sniff(data: bytes) -> str:
    """The content type of `data`, or an error that says what the bytes look like instead."""
    if not data.strip():
        raise EmptyDocument("The file is empty (0 bytes)." if not data else "The file contains only white space.")
    if b"%PDF-" in data[:PDF_MAGIC_WINDOW]:
        return PDF
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if HTML_MARKERS.search(head):
        return HTML
    for magic, what in KNOWN_BINARIES.items():
        if head.startswith(magic):
            raise UnsupportedType(f"The file is {what}, not a PDF, web page or text file.")
    if b"\x00" in data[:8192] or not _looks_like_text(data[:8192]):
        raise UnsupportedType("The file is binary data of an unknown kind, not a PDF, web page or text file.")
    return TEXT


def _looks_like_text(sample: bytes) -> bool:
    text = decode(sample)
    printable = sum(ch.isprintable() or ch.isspace() for ch in text)
    return printable >= 0.95 * max(len(text), 1)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), falling back to Windows-1252, which UK council sites still serve."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
