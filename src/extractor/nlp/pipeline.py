"""Assemble the spaCy pipeline from configuration and turn a parsed `Document` into fact rows.

Each component is registered with `@Language.factory` in its own module and writes its
results onto the `Doc`: span groups `doc.spans["priorities"]`, `["statistics"]`,
`["reviews"]`, `["recommendations"]`, with per-span attributes in `Span._` extensions
(declared in `extensions.py`), and document metadata in `doc._.metadata`.

The block structure of the parsed document (headings, list items, tables) is passed to the
components as `doc._.blocks`: a list of `(kind, char_start, char_end, page)` tuples whose
offsets are character offsets into `doc.text` (which is exactly `Document.text`), and the
cells of its tables as `doc._.cells`: `(table_index, row, col, char_start, char_end)` tuples.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..model import Document
from . import (  # noqa: F401  (register factories)
    extensions,  # noqa: F401  (declares the Doc/Span extensions)
    metadata,
    priorities,
    recommendations,
    reviews,
    sentences,
    statistics,
)
from .textblocks import keep_text

FACT_TABLES = ("priorities", "statistics", "reviews", "recommendations")
DROPPED_TABLE = "dropped"  # candidates the components dropped, with the rule (nlp/explain.py)
COMPONENTS = ("sentences", "metadata", "priorities", "statistics", "reviews", "recommendations")
MAX_LENGTH = 5_000_000


@lru_cache(maxsize=4)
def load_pipeline(base: str = "blank:en") -> Language:
    """`blank:en`, or the name of an installed trained pipeline; never downloads anything."""
    nlp = spacy.blank(base.split(":", 1)[1]) if base.startswith("blank:") else spacy.load(base)
    nlp.max_length = MAX_LENGTH
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


def extract(document: Document, base: str = "blank:en") -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """Metadata for the `documents` row, and the rows of each fact table, for one document."""
    nlp = load_pipeline(base)
    with nlp.memory_zone():  # frees the strings this document added, so a long-lived worker stays flat
        doc = annotate(document, nlp)
        index = _SentenceIndex(doc) if doc.has_annotation("SENT_START") else None
        pages = _PageIndex(document)
        rows = {table: [_row(document, span, index, pages) for span in doc.spans.get(table, [])] for table in FACT_TABLES}
        rows[DROPPED_TABLE] = [
            {
                "doc_id": document.doc_id,
                "table": table,
                "page": pages.page(start),
                "char_start": start,
                "char_end": end,
                "evidence": document.text[start:end],
                "rule": rule,
            }
            for table, start, end, rule in doc._.dropped or []
        ]
        return dict(doc._.metadata or {}), rows


def annotate(document: Document, nlp: Language, known_metadata: dict[str, Any] | None = None) -> Doc:
    """Run the pipeline over a parsed document, giving the components its block structure
    (and metadata already known, for pipelines without the metadata component)."""
    doc = nlp.make_doc(document.text)
    keep_text(doc, document.text)
    doc._.blocks = [(b.kind, b.char_start, b.char_end, b.page) for b in document.blocks]
    doc._.cells = [(c.table_index, c.row, c.col, c.char_start, c.char_end) for c in document.cells]
    doc._.title = document.title
    doc._.metadata = known_metadata
    doc._.dropped = []
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


class _SentenceIndex:
    """The sentence of any token, found by bisection: `token.sent` walks the tokens to the
    sentence's ends, which is slow for thousands of facts in one long sentence (a table)."""

    def __init__(self, doc: Doc) -> None:
        spans = list(doc.sents)
        self.starts = [s.start for s in spans]
        self.chars = [(s.start_char, s.end_char) for s in spans]

    def around(self, first: int, last: int) -> tuple[int, int]:
        """Character span from the start of token `first`'s sentence to the end of token `last`'s."""
        return self.chars[bisect_right(self.starts, first) - 1][0], self.chars[bisect_right(self.starts, last) - 1][1]


class _PageIndex:
    """`page_at` by bisection over the blocks (in text order, apart by the separator): the same answers."""

    def __init__(self, document: Document) -> None:
        self.blocks = document.blocks
        self.starts = [b.char_start for b in document.blocks]

    def page(self, offset: int) -> int | None:
        i = bisect_right(self.starts, offset) - 1  # the last block starting at or before the offset
        if i >= 0 and offset < self.blocks[i].char_end + 2:
            return self.blocks[i].page
        return None


def _row(document: Document, span: Span, index: _SentenceIndex | None, pages: _PageIndex) -> dict[str, Any]:
    """A fact row; `sentence` is the sentence holding the evidence (all of them, if it spans several).

    Slices `document.text`, which is `doc.text` (spaCy builds `doc.text` anew at every access)."""
    text = document.text
    start, end = span.start_char, span.end_char
    if index is not None and len(span):
        first, last = index.around(span.start, span.end - 1)
        sentence = text[first:last]
    else:
        sentence = text
    row = {
        "doc_id": document.doc_id,
        "page": pages.page(start),
        "char_start": start,
        "char_end": end,
        "evidence": text[start:end],
        "sentence": sentence,
    }
    row.update(span._.fact or {})
    return row


def page_at(document: Document, offset: int) -> int | None:
    for block in document.blocks:
        if block.char_start <= offset < block.char_end + 2:
            return block.page
    return None
