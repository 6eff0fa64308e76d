"""A committee paper's meeting: the body it goes to and the date in its header."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from ..textblocks import doc_text
from .partnership import smart_title

HEADER_BLOCKS = 12  # a committee paper's cover: body, date, title, author

BODY_NOUNS = r"(Committee|Sub-Committee|Board|Cabinet|Council|Panel|Forum|Executive)"
BODY_LINE = re.compile(
    rf"^(?:(?:meeting|report to|to|committee|meeting of)\s*:?\s*)?(?P<body>(?:[A-Z][\w,&'’ -]{{0,90}}?\s)?{BODY_NOUNS})\s*$", re.IGNORECASE
)
BODY_IN_TEXT = re.compile(
    rf"\b(?:The\s+)?(?P<body>(?:[A-Z][\w,&'’-]*(?:\s+(?:[A-Z][\w,&'’-]*|and|of|for|&))*\s+)?{BODY_NOUNS})\s+(?:is|are)\s+(?:requested|asked|recommended|invited)\b"
)
PARTNERSHIP_NAME = re.compile(r"safeguarding|children'?s? partnership", re.IGNORECASE)
BODY_MAX_WORDS = 12


def find_meeting_body(doc: Doc) -> str | None:
    """The committee or board the paper goes to, in the text's own mixed-case spelling if it has one."""
    body = None
    for block in (doc._.blocks or [])[:HEADER_BLOCKS]:
        line = doc_text(doc)[block[1] : block[2]].strip()
        match = BODY_LINE.match(line)
        if match and len(line.split()) <= BODY_MAX_WORDS and not PARTNERSHIP_NAME.search(match["body"]):
            body = match["body"]
            break
    if body is None:
        match = BODY_IN_TEXT.search(doc_text(doc))
        return match["body"] if match else None
    return _cased_form(doc_text(doc), body)


def _cased_form(text: str, body: str) -> str:
    """Prefer the spelling used in running text ("&" written "and") over a heading in capitals."""
    words = [re.escape(w) if w != "&" else "(?:&|and)" for w in re.findall(r"[\w'’-]+|&", body)]
    pattern = re.compile(r"\b" + r"[\s,]+".join(words) + r"\b", re.IGNORECASE)
    for match in pattern.finditer(text):
        found = match.group()
        if not found.isupper():
            return " ".join(found.split())
    return smart_title(body) if body.isupper() else body


def header_span(doc: Doc) -> Span:
    blocks = doc._.blocks or []
    end_char = blocks[min(HEADER_BLOCKS, len(blocks)) - 1][2] if blocks else len(doc_text(doc))
    span = doc.char_span(0, end_char, alignment_mode="expand")
    return span if span is not None else doc[:]
