"""Build spaCy docs for component tests the way the pipeline does: from parsed blocks."""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from extractor.model import Document, TextBuilder
from extractor.nlp.pipeline import annotate
from extractor.parse import parse_bytes


def annotate_text(nlp: Language, text: str, metadata: dict[str, Any] | None = None) -> Doc:
    """Plain text ('# ' headings, '- ' bullets, blank lines between blocks), parsed as a text file."""
    return annotate(parse_bytes(text.encode("utf-8"), "test"), nlp, metadata)


def annotate_blocks(nlp: Language, blocks: list[tuple[str, str]], title: str | None = None, page: int | None = 1) -> Doc:
    """Blocks given as (kind, text), joined as the parsers join them."""
    builder = TextBuilder()
    for kind, text in blocks:
        builder.add(kind, page, text)
    return annotate(Document("test", "text/plain", builder.text, title, None, builder.blocks), nlp)
