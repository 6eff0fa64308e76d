"""Block structure shared by the list-reading components (priorities, reviews, recommendations).

The parser gives `doc._.blocks` as `(kind, char_start, char_end, page)` tuples. The components
need the same few questions answered about them: which sentences lie in a block (the sentence
splitter may run a heading into the next paragraph, so sentences are clipped to blocks), which
block introduces a list item ("... priorities are:"), and which heading a block sits under.
Keeping the answers here means the three components read layout the same way.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

SKIPPED_KINDS = frozenset({"caption"})  # picture captions interrupt lists in PDFs but belong to none
LIST_KIND = "list_item"
HEADING_KIND = "heading"
INTRO_ENDINGS = (":", ":-", "-:")
FALLBACK_BULLETS = "•●◦▪■◆♦➢►*-–—"  # only used when a Doc comes without parsed blocks
FALLBACK_HEADING_MARK = "#"
PARAGRAPH_BREAK = "\n\n"
CACHE_KEY = "textblocks"
TEXT_KEY = CACHE_KEY + ":text"


@dataclass(frozen=True)
class TextBlock:
    """One parsed block, as a token-aligned span plus its kind and position in the block list."""

    index: int
    kind: str
    span: Span
    page: int | None

    @cached_property
    def text(self) -> str:
        """`span.text`, sliced from the Doc's text rather than joined from its tokens."""
        return doc_text(self.span.doc)[self.span.start_char : self.span.end_char]

    @cached_property
    def sentences(self) -> tuple[Span, ...]:
        """The block's sentences, clipped to the block (the whole block if no sentence annotation)."""
        doc = self.span.doc
        starts = _sentence_starts(doc)
        if not starts:
            return (self.span,)
        first, last = self.span.start, self.span.end
        cuts = [first, *starts[bisect_right(starts, first) : bisect_left(starts, last)], last]
        return tuple(doc[a:b] for a, b in zip(cuts, cuts[1:]) if b > a)

    @property
    def is_intro(self) -> bool:
        """A block ending in a colon announces the list items after it."""
        return self.text.rstrip().endswith(INTRO_ENDINGS)


def doc_blocks(doc: Doc) -> list[TextBlock]:
    """The Doc's blocks as spans; a Doc built without blocks is split on blank lines."""
    cached = doc.user_data.get(CACHE_KEY)
    if cached is not None and cached[0] == len(doc):
        kept: list[TextBlock] = cached[1]
        return kept
    raw = doc._.blocks if doc._.blocks is not None else fallback_blocks(doc_text(doc))
    blocks: list[TextBlock] = []
    for kind, start, end, page in raw:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            blocks.append(TextBlock(len(blocks), kind, span, page))
    doc.user_data[CACHE_KEY] = (len(doc), blocks)
    return blocks


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc: spaCy rebuilds it from the tokens on every access."""
    cached = doc.user_data.get(TEXT_KEY)
    if cached is None or cached[0] != len(doc):
        keep_text(doc, doc.text)
        cached = doc.user_data[TEXT_KEY]
    text: str = cached[1]
    return text


def keep_text(doc: Doc, text: str) -> None:
    """Tell `doc_text` the Doc's text, known to whoever made the Doc from it (spaCy keeps text exactly)."""
    doc.user_data[TEXT_KEY] = (len(doc), text)


def fallback_blocks(text: str) -> list[tuple[str, int, int, None]]:
    """Blocks for text that did not come through the parser (tests, ad-hoc use).

    Paragraphs are separated by blank lines; a leading bullet makes a list item and a leading
    '#' a heading, mirroring the plain-text parser's conventions.
    """
    blocks: list[tuple[str, int, int, None]] = []
    position = 0
    for chunk in text.split(PARAGRAPH_BREAK):
        start, end = position, position + len(chunk)
        position = end + len(PARAGRAPH_BREAK)
        stripped = chunk.lstrip()
        start += len(chunk) - len(stripped)
        end -= len(chunk) - len(chunk.rstrip())
        if start >= end:
            continue
        kind = "paragraph"
        if stripped[0] in FALLBACK_BULLETS and stripped[1:2] == " ":
            kind, start = LIST_KIND, start + 2
        elif stripped.startswith(FALLBACK_HEADING_MARK):
            kind = HEADING_KIND
            start += len(stripped) - len(stripped.lstrip(FALLBACK_HEADING_MARK + " "))
        blocks.append((kind, start, end, None))
    return blocks


def matches_in(matcher: Matcher | PhraseMatcher, span: Span | Doc) -> list[tuple[int, int, int]]:
    """`(match_id, start, end)` inside `span`, with offsets into the whole Doc.

    Matcher and PhraseMatcher disagree on offsets when called on a Span (span-relative vs
    Doc), so every component asks here: the matcher runs once over the Doc (cached per Doc)
    and the matches inside the span are returned.
    """
    doc = span if isinstance(span, Doc) else span.doc
    key = (CACHE_KEY + ":matches", id(matcher))
    # spaCy types user_data as Dict[str, Any], though any key may be stored (Doc(user_data=) takes Dict[Any, Any])
    user_data: dict[Any, Any] = doc.user_data
    cached = user_data.get(key)
    if cached is None or cached[0] != len(doc):
        found = sorted(matcher(doc), key=lambda m: (m[1], m[2]))
        cached = (len(doc), found, [m[1] for m in found])
        user_data[key] = cached
    if isinstance(span, Doc):
        return list(cached[1])
    _, found, starts = cached
    first = bisect_left(starts, span.start)
    last = bisect_left(starts, span.end)
    return [m for m in found[first:last] if m[2] <= span.end]


def sentences_in(block: TextBlock) -> list[Span]:
    """The block's sentences, clipped to the block (the whole block if no sentence annotation)."""
    return list(block.sentences)


def _sentence_starts(doc: Doc) -> list[int]:
    key = CACHE_KEY + ":sents"
    cached = doc.user_data.get(key)
    if cached is not None and cached[0] == len(doc):
        known: list[int] = cached[1]
        return known
    starts = [s.start for s in doc.sents] if doc.has_annotation("SENT_START") and len(doc) > 1 else []
    doc.user_data[key] = (len(doc), starts)
    return starts


def sentence_of(block: TextBlock, token_index: int) -> Span:
    """The clipped sentence of `block` holding the token at `token_index`."""
    for sentence in sentences_in(block):
        if sentence.start <= token_index < sentence.end:
            return sentence
    return block.span


def block_of(blocks: list[TextBlock], token_index: int) -> TextBlock | None:
    """The block holding a token (blocks are in document order)."""
    starts = [b.span.start for b in blocks]
    position = bisect_right(starts, token_index) - 1
    if position >= 0 and token_index < blocks[position].span.end:
        return blocks[position]
    return None


def intro_of(blocks: list[TextBlock], index: int) -> TextBlock | None:
    """For a list item, the block ending in ':' that opens its list, if any.

    Walks back over sibling list items (which do not end in a colon) and captions; the first
    other block is the intro only if it ends with a colon.
    """
    if blocks[index].kind != LIST_KIND:
        return None
    for j in range(index - 1, -1, -1):
        block = blocks[j]
        if block.kind in SKIPPED_KINDS:
            continue
        if block.is_intro:
            return block
        if block.kind != LIST_KIND:
            return None
    return None


def heading_of(blocks: list[TextBlock], index: int) -> TextBlock | None:
    """The nearest heading before a block: the section it belongs to."""
    for j in range(index - 1, -1, -1):
        if blocks[j].kind == HEADING_KIND:
            return blocks[j]
    return None


def list_after(blocks: list[TextBlock], index: int) -> list[TextBlock]:
    """The run of list items right after block `index` (captions skipped).

    Stops at any other block, and before a list item that itself ends in a colon, since
    that item opens a list of its own.
    """
    items: list[TextBlock] = []
    for block in blocks[index + 1 :]:
        if block.kind in SKIPPED_KINDS:
            continue
        if block.kind != LIST_KIND or block.is_intro:
            break
        items.append(block)
    return items


def clean_text(text: str, trailing: str = " .;,:") -> str:
    """Whitespace collapsed and trailing punctuation removed: how a fact field is written."""
    return " ".join(text.split()).rstrip(trailing).strip()
