"""Shared pieces of the priorities component: constants, the list records, token helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from .. import extensions  # noqa: F401  (declares Span._.fact)
from ..matching import LexicalMatcher

SPAN_KEY = "priorities"
DEFAULT_KEYS_FILE = "priority_keys.json"
DEFAULT_CUES_FILE = "priority_cues.json"
MAX_NAME_TOKENS = 20  # a longer "name" is a description; it is cut at its first comma
MIN_PROSE_ITEMS = 2  # a prose "list" of one is usually a sentence about priorities, not a list
MAX_SHORT_ITEM_TOKENS = 4  # "neglect and exploitation" may be split at "and" without a stated count
MAX_HEADING_GAP_BLOCKS = 2  # paragraphs allowed between a priorities heading and its list
TABLE_KIND = "table"
PARAGRAPH_KIND = "paragraph"
DASHES = frozenset({"-", "–", "—", "‒", "―"})
NAME_END_MARKS = DASHES | {":"}
LIST_JOINERS = frozenset({"and", "or", "&", "plus"})
PERIOD_TOKEN = r"^((?:19|20)?\d\d)[/\-–—]((?:19|20)?\d\d)$"
YEAR_TOKEN = r"^(19|20)\d\d$"
SHORT_YEAR_TOKEN = r"^\d\d$"
PERIOD_LINKS = ["-", "–", "—", "/", "to"]
PERIOD_PREPOSITIONS = frozenset({"for", "in", "during", "from", "to", "until"})
IGNORED_BLOCK_KINDS = frozenset({TABLE_KIND})
CENTURY = 2000
SINGULAR_CUE = "CUE_SINGULAR"
MAX_VERB_GAP = 8  # 'priorities for the next three years are': the verb follows the cue closely
PARTICIPLE_ENDINGS = ("ed", "en")
MAX_RANK_MODIFIERS = 2  # 'Strategic priority 1', 'Our key priority 2'
MAX_DESCRIPTION_BLOCKS = 3  # paragraphs under one priority's heading in a run of priority headings
MAX_HEADER_WORDS = 4  # 'Strategic priority', 'Our priorities 2023-25': a header, not a sentence about priorities
ACTIVITY_WINDOW = 6  # 'progress against each of its priorities': an activity word this close before the cue
POSSESSIVES = frozenset({"'s", "’s"})
POSSESSIVE_GAP = 4  # 'the Board's three strategic priorities': a possessive this close names the cue's owner
OWNER_PHRASE_TOKENS = 6  # 'Health and Wellbeing Board's': how far back an owner's name may start
MIN_CELL_PROSE_TOKENS = 8  # a table cell this long may hold a sentence with a prose list
MAX_NAMED_HEADER_WORDS = 8  # 'Safeguarding Children Partnership priority': an owner's name before the cue
PERIOD_WINDOW = 5  # 'priorities for 2022 - 24': preposition and a three-token period
OPEN_BRACKET, CLOSE_BRACKET = "(", ")"  # 'the priorities (A, B and C) were endorsed'
MAX_OPENER_TOKENS = 3  # 'namely', 'which will be'
OF_OPENER = "of"  # 'the Board's priorities of neglect, exploitation and ...'


@dataclass(frozen=True)
class Item:
    """One priority as read from a list: its name's characters and its description."""

    start_char: int
    end_char: int
    description: str


@dataclass(frozen=True)
class PriorityList:
    items: list[Item]
    period: str | None
    ranks: list[int] | None = None  # the stated numbers of "Priority 2 – ...", when given


def normalise_period(text: str) -> str | None:
    """'2022-2024' -> '2022-24', '24/25' -> '2024-25', '2024' -> '2024'; None if not a plan period."""
    compact = re.sub(r"\s+", "", text).replace("to", "-")
    match = re.match(PERIOD_TOKEN, compact)
    if match:
        first, second = match.groups()
        start = int(first) if len(first) == 4 else CENTURY + int(first)
        end_short = int(second[-2:])
        if not 0 < (end_short - start % 100) % 100 <= 5:
            return None
        return f"{start}-{second[-2:]}"
    if re.match(YEAR_TOKEN, compact):
        return compact
    return None


# --- matchers -------------------------------------------------------------------------------


def _phrase_matcher(nlp: Language, phrases: dict[str, list[str]]) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for label, words in phrases.items():
        matcher.add(label, list(nlp.tokenizer.pipe(words)))  # type: ignore[union-attr]  # spaCy types Language.tokenizer as a bare callable; its Tokenizer has pipe
    return matcher


def _cue_matcher(nlp: Language, nouns: list[str]) -> Matcher:
    """'priorities', 'priority areas', 'priority themes'; singular 'priority' only as 'priority is/:'."""
    matcher = LexicalMatcher(nlp.vocab)
    matcher.add(
        "CUE", [[{"LOWER": "priorities"}, {"LOWER": {"IN": nouns}, "OP": "?"}], [{"LOWER": "priority"}, {"LOWER": {"IN": nouns}}]], greedy="LONGEST"
    )
    matcher.add(SINGULAR_CUE, [[{"LOWER": "priority"}, {"LOWER": {"IN": ["is", ":"]}}]])
    return matcher


def _period_matcher(nlp: Language) -> Matcher:
    matcher = LexicalMatcher(nlp.vocab)
    matcher.add(
        "PERIOD",
        [
            [{"TEXT": {"REGEX": YEAR_TOKEN}}, {"LOWER": {"IN": PERIOD_LINKS}}, {"TEXT": {"REGEX": r"^(19|20)?\d\d$"}}],
            [{"TEXT": {"REGEX": SHORT_YEAR_TOKEN}}, {"LOWER": {"IN": PERIOD_LINKS[:4]}}, {"TEXT": {"REGEX": SHORT_YEAR_TOKEN}}],
            [{"TEXT": {"REGEX": PERIOD_TOKEN}}],
            [{"LOWER": {"IN": list(PERIOD_PREPOSITIONS)}}, {"TEXT": {"REGEX": YEAR_TOKEN}}],
        ],
        greedy="LONGEST",
    )
    return matcher


# --- token helpers --------------------------------------------------------------------------


def _split_at(doc: Doc, start: int, end: int, separator: str) -> list[tuple[int, int]]:
    parts: list[tuple[int, int]] = []
    current = start
    for i in range(start, end):
        if doc[i].text == separator:
            parts.append((current, i))
            current = i + 1
    parts.append((current, end))
    return [(a, b) for a, b in parts if b > a]


def _strip_joiners(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].lower_ in LIST_JOINERS or doc[start].is_punct and doc[start].text not in "(‘'\"“"):
        start += 1
    while end > start and (doc[end - 1].lower_ in LIST_JOINERS or doc[end - 1].is_punct and doc[end - 1].text not in ")’'\"”"):
        end -= 1
    return start, end


def _strip_end(doc: Doc, start: int, end: int) -> int:
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return end


def _name_end(doc: Doc, start: int, end: int) -> tuple[int, str]:
    """Where the name stops (a dash or colon opening a description) and the description's text."""
    for i in range(start + 1, end):
        token = doc[i]
        spaced = bool(doc[i - 1].whitespace_) or bool(token.whitespace_)
        if token.text in NAME_END_MARKS and (spaced or token.text == ":" or token.text in {"—", "–"}):
            return token.idx, doc[i + 1 : end].text if i + 1 < end else ""
        if len(token.text) > 1 and token.text[-1] in DASHES and token.whitespace_ and token.text[-2].isalpha():
            return token.idx + len(token.text) - 1, doc[i + 1 : end].text if i + 1 < end else ""
    last = doc[end - 1]
    return last.idx + len(last.text), ""


def fact_rows(doc: Doc, span_key: str = SPAN_KEY) -> list[dict[str, Any]]:
    """The facts of a processed Doc, in span order (handy for tests and debugging)."""
    return [dict(span._.fact) for span in doc.spans.get(span_key, [])]
