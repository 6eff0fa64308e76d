"""Property tests: for arbitrary text the extraction never raises, and every offset it returns
is valid (evidence is the text at its span, inside its sentence)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.model import Document, TextBuilder
from extractor.nlp import FACT_TABLES, extract
from extractor.parse import layout

FRAGMENTS = [
    "Our priorities are",
    "Priority 2 – Neglect",
    "£300,000",
    "over 1,100",
    "one-third",
    "50%",
    "per 10,000 children",
    "Child X",
    "Baby Y and Child Z",
    "CSPR",
    "rapid review",
    "RESOLVED –",
    "is requested to note",
    "recommend",
    "2023-24",
    "23/24",
    "January to December 2023",
    "Safeguarding Children Partnership",
    "(WSCP)",
    "fewer than 1",
    "If Wirral had 100 children",
    "Page 3 of 6",
    "4.2",
    "0151 666 4314",
    "aged 0-5",
    "a two-year-old",
    "•",
    "–",
    ";",
    ":",
    "\n",
]
WORDS = st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), max_size=12))
BLOCK_TEXT = st.lists(WORDS, min_size=1, max_size=30).map(" ".join)
BLOCKS = st.lists(st.tuples(st.sampled_from(("heading", "paragraph", "list_item", "table", "caption")), BLOCK_TEXT), min_size=1, max_size=8)


def _document(blocks: list[tuple[str, str]]) -> Document:
    builder = TextBuilder()
    for page, (kind, text) in enumerate(blocks, start=1):
        builder.add(kind, page, text)
    return Document("property", "text/plain", builder.text, None, len(blocks), builder.blocks)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BLOCKS)
def test_extraction_never_raises_and_offsets_are_valid(blocks):
    document = _document(blocks)
    metadata, rows = extract(document)
    assert isinstance(metadata, dict)
    for table in FACT_TABLES:
        for row in rows[table]:
            assert 0 <= row["char_start"] <= row["char_end"] <= len(document.text)
            assert document.text[row["char_start"] : row["char_end"]] == row["evidence"]
            assert row["evidence"] in row["sentence"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=6))
def test_joining_lines_never_loses_letters(lines):
    joined = layout.join_lines(lines)
    letters = lambda text: [ch for ch in text if ch.isalnum()]  # noqa: E731
    assert letters(joined) == letters("".join(line.strip() for line in lines))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 500), st.floats(0, 700), st.floats(1, 80), st.floats(1, 20)), max_size=60))
def test_reading_order_keeps_every_word_once(boxes):
    words = [{"text": str(i), "x0": x, "x1": x + w, "top": y, "bottom": y + h} for i, (x, y, w, h) in enumerate(boxes)]
    regions = layout.xy_cut(words)
    assert sorted(w["text"] for region in regions for w in region) == sorted(w["text"] for w in words)
