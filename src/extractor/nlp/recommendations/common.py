"""Shared pieces of the recommendations component: source kinds, constants, the row record, token helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from .. import extensions  # noqa: F401  (declares Span._.fact)
from ..grammar.lists import (
    is_bullet,
    is_numbering,
)
from ..matching import LexicalMatcher
from ..textblocks import TextBlock, doc_blocks

SPAN_KEY = "recommendations"
REQUEST, RESOLVE, RECOMMEND, RECOMMENDATIONS = "REQUEST", "RESOLVE", "RECOMMEND", "RECOMMENDATIONS"  # verb cue keys
DEFAULT_CUES_FILE = "recommendation_cues.json"
COMMITTEE = "committee_recommendation"
SCRUTINY = "scrutiny_recommendation"
LEARNING = "review_learning"
INSPECTION = "inspection"
MAX_ADDRESSEE_TOKENS = 14
MAX_HEADING_GAP_BLOCKS = 2
ACTION_WINDOW = 3  # an adverb may precede the verb: "formally note", "to note"
FIRST_PERSON = frozenset({"i", "we", "my"})
LEADING_NOISE = frozenset({"that", "and", "to", "it", "-", "–", "—", ":", ";", ",", ".", ")"})  # ")" of a "1)" a block opens with
TRAILING = " .;,:-"  # ':-' closes an intro in minutes ('be endorsed:-')
TRAILING_WORDS = frozenset({"and", "or"})
MODALS = frozenset({"should", "must", "will", "would", "to", "shall", "could", "can", "may"})
NEED = frozenset({"need", "needs"})  # 'need to evidence': the verb comes after 'to'
PASSIVE = frozenset({"be", "is", "are", "being", "been", "was", "were"})
PARTICIPLE_ENDINGS = ("ed", "en")
DETERMINERS = frozenset({"the", "this", "a"})
AND_THAT = frozenset({"and", ","})  # 'recommended that X, and that Y': two recommendations
MAX_HEADING_WORDS = 6
MAX_ANNOUNCING_HEADING_TOKENS = 12  # 'Recommendations for the partnership and its partner agencies'
INLINE_ANNOUNCEMENT_GAP = 4  # '... recommendations, set out below: a) ...' — words between the announcing word and the colon
TABLE_KIND = "table"
CELL_KIND = "paragraph"


@dataclass(frozen=True)
class Recommendation:
    start: int  # token offsets of the text as written
    end: int
    addressee: str | None
    source_kind: str
    action: str | None


# --- vocabulary helpers ---------------------------------------------------------------------


def _phrases(nlp: Language, phrases: list[str]) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("CUE", list(nlp.tokenizer.pipe(phrases)))  # type: ignore[union-attr]  # spaCy types Language.tokenizer as a bare callable; its Tokenizer has pipe
    return matcher


def _request_matcher(nlp: Language, auxiliaries: list[str], verbs: list[str]) -> Matcher:
    """'is asked to', 'are requested to', 'will be invited to', 'is being asked to'."""
    single = [a for a in auxiliaries if " " not in a]
    multi = [a.split() for a in auxiliaries if " " in a]
    simple_verbs = [v for v in verbs if " " not in v]
    patterns: list[list[dict[str, Any]]] = [
        [{"LOWER": {"IN": single}}, {"LOWER": {"IN": simple_verbs}}, {"LOWER": "to"}],
        [{"LOWER": {"IN": single}}, {"LOWER": "being"}, {"LOWER": {"IN": simple_verbs}}, {"LOWER": "to"}],
    ]
    patterns += [[{"LOWER": w} for w in aux] + [{"LOWER": {"IN": simple_verbs}}, {"LOWER": "to"}] for aux in multi]
    matcher = LexicalMatcher(nlp.vocab)
    matcher.add(REQUEST, patterns, greedy="LONGEST")
    return matcher


# --- token helpers --------------------------------------------------------------------------


def _letters(text: str) -> str:
    """'2.0 RECOMMENDATION/S' -> 'recommendation s': the words of a heading, for comparing headings."""
    return " ".join(re.sub(r"[^a-z]+", " ", text.lower()).split())


def _is_numbering(text: str) -> bool:
    return is_numbering(text) or is_bullet(text)


def reading_blocks(doc: Doc, is_resolution: Callable[[Span], bool]) -> list[TextBlock]:
    """The Doc's blocks, with a decision record laid out as a table ('2. | Record of the Decision',
    ' | RESOLVED that:', ' | 1. the report be noted;') split into its cells so they read like
    paragraphs. Only a table with a cell opening a resolution is split: other tables' cells
    (timelines, objectives ticked on a cover sheet) are not decisions. Cells holding only a
    number are the record's row labels."""
    cells: dict[int, int] = {}
    for _, _, _, start, end in doc._.cells or []:
        cells[start] = max(end, cells.get(start, end))
    blocks: list[TextBlock] = []
    for block in doc_blocks(doc):
        spans = _cell_spans(doc, block, cells) if block.kind == TABLE_KIND and cells else []
        if not any(is_resolution(span) for span in spans):
            blocks.append(TextBlock(len(blocks), block.kind, block.span, block.page))
            continue
        blocks += [TextBlock(len(blocks) + i, CELL_KIND, span, block.page) for i, span in enumerate(spans)]
    return blocks


def _cell_spans(doc: Doc, block: TextBlock, cells: dict[int, int]) -> list[Span]:
    spans = []
    for start in sorted(b for b in cells if block.span.start_char <= b < block.span.end_char):
        span = doc.char_span(start, cells[start], alignment_mode="expand")
        if span is not None and span.text.strip() and not all(_is_numbering(t.text) or t.is_space for t in span):
            spans.append(span)
    return spans


def _strip_end(doc: Doc, start: int, end: int) -> int:
    while end > start and (doc[end - 1].is_space or all(c in TRAILING for c in doc[end - 1].text) or doc[end - 1].lower_ in TRAILING_WORDS):
        end -= 1
    return end


def fact_rows(doc: Doc, span_key: str = SPAN_KEY) -> list[dict[str, Any]]:
    """The facts of a processed Doc, in span order (handy for tests and debugging)."""
    return [dict(span._.fact) for span in doc.spans.get(span_key, [])]
