"""Content sniffing and text decoding, shared by fetch and parse: PDF, HTML and plain text told apart by their bytes, never by the file name, and their text decoded."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from .errors import EmptyDocument, UnsupportedType

PDF = "application/pdf"
HTML = "text/html"
TEXT = "text/plain"

PDF_MAGIC_WINDOW = 1024  # the PDF spec lets '%PDF-' start anywhere in the first kilobyte
SNIFF_BYTES = 8192
DECLARATION_BYTES = 4096  # where an HTML <meta> or XML declaration may name the charset
HTML_MARKERS = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<title[\s>]", re.IGNORECASE)
KNOWN_BINARIES = {
    b"PK\x03\x04": "a ZIP archive (or a Word/Excel/PowerPoint file)",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"{\\rtf": "an RTF file",
}
# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
WIDE_NUL_SHARE = 0.4  # ASCII text in UTF-16 has a NUL in every other byte; more than this share of them tells it
DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-z0-9_:.-]+)""",
    re.IGNORECASE,
)
# Browsers read these labels as Windows-1252 (WHATWG Encoding), and so do the pages that declare them.
WINDOWS_1252_LABELS = {"ascii", "latin_1", "iso8859_1", "cp1252"}
WESTERN_SINGLE_BYTE = {
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1250",
    "iso8859_2",
    "mac_roman",
    "cp850",
    "ascii",
}


def sniff(data: bytes) -> str:
    """The content type of `data`, or an error that says what the bytes look like instead."""
    if not data.strip():
        raise EmptyDocument("The file is empty (0 bytes)." if not data else "The file contains only white space.")
    if b"%PDF-" in data[:PDF_MAGIC_WINDOW]:
        return PDF
    for magic, what in KNOWN_BINARIES.items():
        if data.lstrip(b" \t\r\n").startswith(magic):
            raise UnsupportedType(f"The file is {what}, not a PDF, web page or text file.")
    wide = _wide_encoding(data)
    sample = data[:SNIFF_BYTES]
    if wide:
        head = sample.decode(wide, errors="replace").lstrip("\ufeff").encode("utf-8")[:DECLARATION_BYTES]
    else:
        head = data[:DECLARATION_BYTES].lstrip(codecs.BOM_UTF8)
    if HTML_MARKERS.search(head.lstrip(b" \t\r\n")):
        return HTML
    if (wide is None and b"\x00" in sample) or not _looks_like_text(sample):
        raise UnsupportedType("The file is binary data of an unknown kind, not a PDF, web page or text file.")
    return TEXT


def _looks_like_text(sample: bytes) -> bool:
    text = decode(sample)
    printable = sum(ch.isprintable() or ch.isspace() for ch in text)
    return printable >= 0.95 * max(len(text), 1)


def decode(data: bytes) -> str:
    """The text of `data`: by its byte-order mark, else as UTF-16/32 when NULs alternate, else by its declared charset
    when the bytes decode cleanly with it, else UTF-8, else the charset-normalizer detector (Windows-1252, which UK
    council sites still serve, when the detector only says 'some Western single-byte code')."""
    wide = _wide_encoding(data)
    if wide:
        return data.decode(wide, errors="replace").lstrip("\ufeff")
    declared = _declared_codec(data)
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # the declaration is wrong (a Shift-JIS page declared utf-8): the bytes decide
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3 and error.reason == "unexpected end of data":
            return data.decode("utf-8-sig", errors="replace")  # a sample cut inside a character
    return _detected(data)


def _wide_encoding(data: bytes) -> str | None:
    """'utf-16'/'utf-32' (with their BOM), 'utf-16-le'/'-be' or 'utf-32-le'/'-be' when NULs say so, else None."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return None if codec == "utf-8-sig" else codec
    sample = data[: DECLARATION_BYTES - DECLARATION_BYTES % 4]
    if len(sample) < 4:
        return None

    def nul_share(start: int, step: int) -> float:
        column = sample[start::step]
        return column.count(0) / max(len(column), 1)

    if min(nul_share(i, 4) for i in (1, 2, 3)) > WIDE_NUL_SHARE:
        return "utf-32-le"
    if min(nul_share(i, 4) for i in (0, 1, 2)) > WIDE_NUL_SHARE:
        return "utf-32-be"
    even, odd = nul_share(0, 2), nul_share(1, 2)
    if odd > WIDE_NUL_SHARE and even < WIDE_NUL_SHARE / 4:
        return "utf-16-le"
    if even > WIDE_NUL_SHARE and odd < WIDE_NUL_SHARE / 4:
        return "utf-16-be"
    return None


def _declared_codec(data: bytes) -> str | None:
    match = DECLARED_CHARSET.search(data[:DECLARATION_BYTES])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").strip(".:-_")
    try:
        name = codecs.lookup(label).name.replace("-", "_")
    except LookupError:
        return None
    if name in WINDOWS_1252_LABELS:
        return "cp1252"
    return "utf-8-sig" if name == "utf_8" else name


def _detected(data: bytes) -> str:
    best = charset_normalizer.from_bytes(data).best()
    guess = best.encoding if best is not None else None
    if guess is None or guess in WESTERN_SINGLE_BYTE:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    if guess is not None:
        return data.decode(guess, errors="replace")
    return data.decode("cp1252", errors="replace")
