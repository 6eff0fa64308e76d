"""Assemble the spaCy pipeline from configuration and turn a parsed `Document` into fact rows.

Each component is registered with `@Language.factory` in its own module and writes its
results onto the `Doc`: span groups `doc.spans["priorities"]`, `["statistics"]`,
`["reviews"]`, `["recommendations"]`, with per-span attributes in `Span._` extensions
(declared in `extensions.py`), and document metadata in `doc._.metadata`.

The block structure of the parsed document (headings, list items, tables) is passed to the
components as `doc._.blocks`: a list of `(kind, char_start, char_end, page)` tuples whose
offsets are character offsets into `doc.text` (which is exactly `Document.text`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..model import Document
from . import extensions  # noqa: F401  (declares the Doc/Span extensions)
from . import metadata, priorities, recommendations, reviews, sentences, statistics  # noqa: F401  (register factories)

FACT_TABLES = ("priorities", "statistics", "reviews", "recommendations")
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
    doc = annotate(document, load_pipeline(base))
    has_sentences = doc.has_annotation("SENT_START")
    rows = {table: [_row(document, doc, span, has_sentences) for span in doc.spans.get(table, [])] for table in FACT_TABLES}
    return dict(doc._.metadata or {}), rows


def annotate(document: Document, nlp: Language, known_metadata: dict[str, Any] | None = None) -> Doc:
    """Run the pipeline over a parsed document, giving the components its block structure
    (and metadata already known, for pipelines without the metadata component)."""
    doc = nlp.make_doc(document.text)
    doc._.blocks = [(b.kind, b.char_start, b.char_end, b.page) for b in document.blocks]
    doc._.title = document.title
    doc._.metadata = known_metadata
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def _row(document: Document, doc: Doc, span: Span, has_sentences: bool) -> dict[str, Any]:
    """A fact row; `sentence` is the sentence holding the evidence (all of them, if it spans several)."""
    start, end = span.start_char, span.end_char
    if has_sentences and len(span):
        sentence = doc.text[doc[span.start].sent.start_char : doc[span.end - 1].sent.end_char]
    else:
        sentence = doc.text
    row = {
        "doc_id": document.doc_id,
        "page": page_at(document, start),
        "char_start": start,
        "char_end": end,
        "evidence": doc.text[start:end],
        "sentence": sentence,
    }
    row.update(span._.fact or {})
    return row


def page_at(document: Document, offset: int) -> int | None:
    for block in document.blocks:
        if block.char_start <= offset < block.char_end + 2:
            return block.page
    return None
