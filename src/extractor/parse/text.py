"""Plain text to `Document`: paragraphs split on blank lines, bullets and Markdown headings kept."""

from __future__ import annotations

import re

from ..model import Document, TextBuilder
from . import layout
from .detect import TEXT, decode

HEADING = re.compile(r"^#{1,6}\s+")


def parse_text(data: bytes, doc_id: str) -> Document:
    builder = TextBuilder()
    for chunk in re.split(r"\n\s*\n", decode(data).replace("\r\n", "\n")):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        item: list[str] = []
        for line in lines:
            if HEADING.match(line):
                _flush(builder, item)
                item = []
                builder.add("heading", None, HEADING.sub("", line))
            elif line[0] in layout.BULLETS and len(line) > 1 and line[1] == " ":
                _flush(builder, item)
                item = ["\x00" + layout.strip_bullet(line)]
            else:
                item.append(line)
        _flush(builder, item)
    first_heading = next((b.text for b in builder.blocks if b.kind == "heading"), None)
    return Document(doc_id, TEXT, builder.text, first_heading, None, builder.blocks)


def _flush(builder: TextBuilder, lines: list[str]) -> None:
    if lines:
        kind = "list_item" if lines[0].startswith("\x00") else "paragraph"
        builder.add(kind, None, layout.join_lines([lines[0].lstrip("\x00"), *lines[1:]]))
