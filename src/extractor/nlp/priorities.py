"""The partnership's own priorities, in list order: `doc.spans["priorities"]`.

A priority list is recognised by how annual reports present one, never by what a priority
is called:

* an intro ending in a colon that names priorities ("... sets out the WSCP's three key
  priorities for 2024-25:"), followed by list items;
* a prose list in the sentence that names them ("our three priorities are (i) ..., (ii) ...",
  "the four priority areas for the partnership: A; B; C; D"), or in the sentence after one
  ("These include a, b, and c");
* list items under a heading that names priorities ("Our priorities", "Priorities for 2024-25");
* numbered priorities ("Priority 2 – Exploitation").

A cue preceded by a negative phrase ("national", "progress against", "should be a priority",
"Health and Well-being Board") is not the partnership's own list. Cover-sheet tables of
committee papers list the receiving board's priorities, so table blocks are not read.
The name ends at a dash or colon that opens a description ("Early Help – providing ...").
Each span's `_.fact` is {"priority", "priority_key", "plan_period", "rank"}; the key comes
from `priority_keys.json` so the same priority matches across years and partnerships.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from . import extensions  # noqa: F401  (declares Span._.fact)
from .grammar.lists import enumerator_at, skip_enumerator
from .textblocks import (
    HEADING_KIND,
    LIST_KIND,
    TextBlock,
    clean_text,
    doc_blocks,
    doc_text,
    heading_of,
    list_after,
    load_data,
    matches_in,
    sentences_in,
)

SPAN_KEY = "priorities"
DEFAULT_KEYS_FILE = "priority_keys.json"
DEFAULT_CUES_FILE = "priority_cues.json"
MAX_NAME_TOKENS = 20  # a longer "name" is a description; it is cut at its first comma
MIN_PROSE_ITEMS = 2  # a prose "list" of one is usually a sentence about priorities, not a list
MAX_SHORT_ITEM_TOKENS = 4  # "neglect and exploitation" may be split at "and" without a stated count
MAX_HEADING_GAP_BLOCKS = 2  # paragraphs allowed between a priorities heading and its list
TABLE_KIND = "table"
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
PERIOD_WINDOW = 5  # 'priorities for 2022 - 24': preposition and a three-token period


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


@Language.factory(
    "priorities",
    default_config={
        "keys_file": DEFAULT_KEYS_FILE,
        "cues_file": DEFAULT_CUES_FILE,
        "max_name_tokens": MAX_NAME_TOKENS,
        "span_key": SPAN_KEY,
    },
)
def make_priorities(
    nlp: Language, name: str, keys_file: str, cues_file: str, max_name_tokens: int, span_key: str
) -> "PriorityReader":
    return PriorityReader(nlp, keys_file, cues_file, max_name_tokens, span_key)


class PriorityReader:
    """Finds the partnership's priority lists and writes one span per priority."""

    def __init__(self, nlp: Language, keys_file: str, cues_file: str, max_name_tokens: int, span_key: str) -> None:
        self.nlp = nlp
        self.max_name_tokens = max_name_tokens
        self.span_key = span_key
        cues = load_data(cues_file)
        keys = {k: v for k, v in load_data(keys_file).items() if not k.startswith("_")}
        self.number_words: dict[str, int] = cues["number_words"]
        self.list_verbs = _phrase_matcher(nlp, {"VERB": cues["list_verbs"]})
        self.follow_on = _phrase_matcher(nlp, {"FOLLOW": cues["follow_on"]})
        self.negative = _phrase_matcher(nlp, {"NEGATIVE": cues["negative"]})
        self.keys = _phrase_matcher(nlp, keys)
        self.generic_words = frozenset(cues["generic_words"])
        self.predicate_starters = frozenset(cues["predicate_starters"])
        self.presenting_verbs = _phrase_matcher(nlp, {"PRESENT": cues["presenting_verbs"]})
        self.cues = _cue_matcher(nlp, cues["cue_nouns"])
        self.periods = _period_matcher(nlp)

    def __call__(self, doc: Doc) -> Doc:
        # re-numbered, so a block's index is its position in this list (heading_of, list_after)
        kept = [b for b in doc_blocks(doc) if b.kind not in IGNORED_BLOCK_KINDS]
        blocks = [replace(b, index=position) for position, b in enumerate(kept)]
        used: set[int] = set()  # blocks already read as items of a list
        lists = self._numbered(doc, blocks, used)
        lists += self._after_intros(doc, blocks, used)
        lists += self._prose(doc, blocks)
        lists += self._under_headings(doc, blocks, used)
        fallback_period = self._document_period(doc, blocks)
        doc.spans[self.span_key] = self._spans(doc, lists, fallback_period)
        return doc

    # --- finding lists -------------------------------------------------------------------

    def _numbered(self, doc: Doc, blocks: list[TextBlock], used: set[int]) -> list[PriorityList]:
        """'Priority 2 – Exploitation' at the start of a block: one list, ranked by the numbers."""
        items: list[Item] = []
        ranks: list[int] = []
        period = None
        for block in blocks:
            match = self._numbered_start(doc, block)
            if match is None:
                continue
            number, name_start = match
            item = self._item(doc, name_start, _first_sentence_end(block, name_start))
            if item is None or number in ranks:
                continue
            items.append(item)
            ranks.append(number)
            used.add(block.index)
            heading = heading_of(blocks, block.index)
            period = period or (self._period_in(doc[heading.span.start : heading.span.end]) if heading else None)
        return [PriorityList(items, period, ranks)] if items else []

    def _numbered_start(self, doc: Doc, block: TextBlock) -> tuple[int, int] | None:
        span = block.span
        if len(span) < 3 or span[0].lower_ != "priority":
            return None
        number = self._number(span[1].lower_)
        if number is None:
            return None
        start = span.start + 2
        separated = False
        while start < span.end and (doc[start].text in NAME_END_MARKS or doc[start].text == "."):
            start += 1
            separated = True
        if not (separated or block.kind == HEADING_KIND):
            return None  # 'Priority one is to reduce ...' is prose, not a numbered name
        return (number, start) if start < span.end else None

    def _after_intros(self, doc: Doc, blocks: list[TextBlock], used: set[int]) -> list[PriorityList]:
        """'... our priorities for 2024-25 are:' followed by list items."""
        found: list[PriorityList] = []
        for block in blocks:
            if not block.is_intro:
                continue
            sentence = sentences_in(block)[-1]
            cue = self._own_cue(doc, sentence, sentence.end)
            if cue is None:
                continue
            found += self._from_list_items(doc, list_after(blocks, block.index), used, self._period_in(sentence))
        return found

    def _prose(self, doc: Doc, blocks: list[TextBlock]) -> list[PriorityList]:
        """Lists written in a sentence: after the cue, or in the next sentence ('These include')."""
        found: list[PriorityList] = []
        for block in blocks:
            sentences = sentences_in(block)
            for position, sentence in enumerate(sentences):
                prose = self._prose_in(doc, sentence)
                if prose is not None:
                    found.append(prose)
                    continue
                if position + 1 < len(sentences) and self._own_cue(doc, sentence, sentence.end) is not None:
                    follow = self._follow_on_list(doc, sentences[position + 1], sentence)
                    if follow is not None:
                        found.append(follow)
        return found

    def _prose_in(self, doc: Doc, sentence: Span) -> PriorityList | None:
        for cue_start, cue_end in self._cue_positions(doc, sentence):
            list_start = self._list_start(doc, cue_end, sentence.end)
            if list_start is None or self._own_cue(doc, sentence, list_start) is None:
                continue
            count = self._stated_count(doc, sentence.start, cue_start)
            items = self._split_prose(doc, list_start, sentence.end, count)
            if len(items) >= MIN_PROSE_ITEMS:
                return PriorityList(items, self._period_in(sentence))
        return None

    def _follow_on_list(self, doc: Doc, sentence: Span, cue_sentence: Span) -> PriorityList | None:
        if not matches_in(self.presenting_verbs, cue_sentence):
            return None  # 'we reviewed our priorities. These included a workshop ...' is not a list of them
        matches = [e for _, s, e in matches_in(self.follow_on, sentence) if s <= sentence.start + 1]
        if not matches:
            return None
        list_start = max(matches)
        items = self._split_prose(doc, list_start, sentence.end, None)
        if len(items) < MIN_PROSE_ITEMS:
            return None
        return PriorityList(items, self._period_in(cue_sentence) or self._period_in(sentence))

    def _under_headings(self, doc: Doc, blocks: list[TextBlock], used: set[int]) -> list[PriorityList]:
        """List items under a heading such as 'Our priorities' or 'Priorities for 2024-25'."""
        found: list[PriorityList] = []
        for block in blocks:
            if block.kind != HEADING_KIND or self._own_cue(doc, block.span, block.span.end) is None:
                continue
            items = self._section_list(blocks, block.index)
            if items and not any(item.index in used for item in items):
                found += self._from_list_items(doc, items, used, self._period_in(block.span))
        return found

    def _section_list(self, blocks: list[TextBlock], heading_index: int) -> list[TextBlock]:
        """The first run of list items under a heading, if it starts near the heading."""
        gap = 0
        for j in range(heading_index + 1, len(blocks)):
            block = blocks[j]
            if block.kind == HEADING_KIND or gap > MAX_HEADING_GAP_BLOCKS:
                return []
            if block.kind == LIST_KIND and not block.is_intro:
                return [block] + list_after(blocks, j)
            if block.is_intro:
                return []  # an intro of its own decides what its list is
            gap += 1
        return []

    def _from_list_items(
        self, doc: Doc, items: list[TextBlock], used: set[int], period: str | None
    ) -> list[PriorityList]:
        read: list[Item] = []
        for block in items:
            if block.index in used:
                continue
            start = skip_enumerator(doc, block.span.start, block.span.end)
            item = self._item(doc, start, _first_sentence_end(block, start))
            if item is not None:
                read.append(item)
                used.add(block.index)
        return [PriorityList(read, period)] if read else []

    # --- cues ----------------------------------------------------------------------------

    def _cue_positions(self, doc: Doc, span: Span) -> list[tuple[int, int]]:
        singular = self.nlp.vocab.strings[SINGULAR_CUE]
        return sorted((s, s + 1 if m == singular else e) for m, s, e in matches_in(self.cues, span))

    def _own_cue(self, doc: Doc, span: Span, list_start: int) -> tuple[int, int] | None:
        """The first priority cue in `span` whose lead-in (up to the list) has no negative phrase."""
        cues = [c for c in self._cue_positions(doc, span) if c[0] < list_start]
        if not cues:
            return None
        lead_in = doc[span.start : list_start]
        if matches_in(self.negative, lead_in):
            return None
        return cues[0]

    def _list_start(self, doc: Doc, cue_end: int, end: int) -> int | None:
        """Where a prose list begins after its cue: after a colon, a list verb or at an enumerator."""
        for i in range(cue_end, end):
            token = doc[i]
            if token.text == ":":
                return i + 1
            if enumerator_at(doc, i):
                return i
            if token.is_sent_start and i > cue_end:
                return None
        for _, verb_start, start in matches_in(self.list_verbs, doc[cue_end : min(end, cue_end + MAX_VERB_GAP)]):
            if any(doc[i].is_punct and doc[i].text not in DASHES for i in range(cue_end, verb_start)):
                return None
            if start < end and doc[start].text == ":":
                return start + 1
            return start if start < end and not self._opens_predicate(doc[start]) else None
        return None

    def _opens_predicate(self, token: Token) -> bool:
        """'priorities are informed by ...', 'are set out in ...': a predicate, not a list."""
        word = token.lower_
        return token.is_lower and (word in self.predicate_starters or word.endswith(PARTICIPLE_ENDINGS))

    def _stated_count(self, doc: Doc, start: int, cue_start: int) -> int | None:
        """'our three priorities', 'the four priority areas': the count just before the cue."""
        for i in range(cue_start - 1, max(start, cue_start - 4) - 1, -1):
            number = self._number(doc[i].lower_)
            if number is not None:
                return number
        return None

    def _number(self, word: str) -> int | None:
        if word.isdigit() and len(word) <= 2:
            return int(word)
        return self.number_words.get(word)

    # --- splitting and naming ------------------------------------------------------------

    def _split_prose(self, doc: Doc, start: int, end: int, count: int | None) -> list[Item]:
        end = _strip_end(doc, start, end)
        enumerators = [i for i in range(start, end) if enumerator_at(doc, i)]
        if len(enumerators) >= MIN_PROSE_ITEMS:
            bounds = [(a, b) for a, b in zip(enumerators, enumerators[1:] + [end])]
            parts = [(skip_enumerator(doc, a, b), b) for a, b in bounds]
        else:
            separator = ";" if any(doc[i].text == ";" for i in range(start, end)) else ","
            parts = _split_at(doc, start, end, separator)
            parts = self._split_last_and(doc, parts, count, separator)
        items = [self._item(doc, *_strip_joiners(doc, a, b)) for a, b in parts]
        return [item for item in items if item is not None]

    def _split_last_and(
        self, doc: Doc, parts: list[tuple[int, int]], count: int | None, separator: str
    ) -> list[tuple[int, int]]:
        """Split 'B and C' at the end of 'A, B and C' (not 'women and girls', a known phrase)."""
        if not parts:
            return parts
        protected = self._protected_joiners(doc, parts[0][0], parts[-1][1])
        while True:
            last_start, last_end = parts[-1]
            oxford = doc[last_start].lower_ in LIST_JOINERS
            joiners = [
                i for i in range(last_start + 1, last_end - 1) if doc[i].lower_ in LIST_JOINERS and i not in protected
            ]
            if not joiners:
                return parts
            if count is not None:
                wanted = len(parts) < count
            elif len(parts) == 1:
                wanted = max(joiners[-1] - last_start, last_end - joiners[-1] - 1) <= MAX_SHORT_ITEM_TOKENS
            else:
                wanted = separator == "," and not oxford and len(parts) >= MIN_PROSE_ITEMS
            if not wanted:
                return parts
            cut = joiners[-1]
            parts = parts[:-1] + [(last_start, cut), (cut, last_end)]
            if count is None:
                return parts

    def _protected_joiners(self, doc: Doc, start: int, end: int) -> set[int]:
        """'and' inside a known multi-word phrase ('violence against women and girls')."""
        protected: set[int] = set()
        for _, s, e in matches_in(self.keys, doc[start:end]):
            protected.update(range(s + 1, e - 1))
        return protected

    def _item(self, doc: Doc, start: int, end: int) -> Item | None:
        """The name (up to a description dash or colon) and the description of one list entry."""
        start, end = _strip_joiners(doc, start, end)
        if start >= end:
            return None
        name_end_char, description = _name_end(doc, start, end)
        if end - start > self.max_name_tokens and description == "":
            comma = next((i for i in range(start, end) if doc[i].text == ","), None)
            if comma is not None:
                name_end_char = doc[comma].idx
        start_char = doc[start].idx
        if not clean_text(doc_text(doc)[start_char:name_end_char]):
            return None
        return Item(start_char, name_end_char, description)

    # --- periods and keys ----------------------------------------------------------------

    def _period_in(self, span: Span) -> str | None:
        """The first plan period ('2022-24', '2024/25', '24-25') written in a span."""
        doc = span.doc if isinstance(span, Span) else span
        for _, s, e in matches_in(self.periods, span):
            if doc[s].lower_ in PERIOD_PREPOSITIONS:
                s += 1
            period = normalise_period(doc[s:e].text)
            if period:
                return period
        return None

    def _document_period(self, doc: Doc, blocks: list[TextBlock]) -> str | None:
        """A period stated next to an own-priority cue anywhere ('the four partnership priorities for 2022-24')."""
        for block in blocks:
            for sentence in sentences_in(block):
                for cue_start, cue_end in self._cue_positions(doc, sentence):
                    if self._own_cue(doc, sentence, cue_end) is None:
                        continue
                    after = doc[cue_end : min(cue_end + PERIOD_WINDOW, sentence.end)]
                    if len(after) and after[0].lower_ in PERIOD_PREPOSITIONS:
                        period = self._period_in(after)
                        if period:
                            return period
        return None

    def priority_key(self, name: str, description: str = "") -> str:
        """The vocabulary key named in the priority (or, failing that, its description)."""
        for text in (name, description):
            key = self._vocabulary_key(text)
            if key:
                return key
        return self._snake_case(name)

    def _vocabulary_key(self, text: str) -> str | None:
        if not text:
            return None
        probe = self.nlp.make_doc(text)
        matches = [(e - s, len(probe[s:e].text), -s, self.nlp.vocab.strings[m]) for m, s, e in self.keys(probe)]
        return max(matches)[3] if matches else None

    def _snake_case(self, name: str) -> str:
        words = [
            t.lower_
            for t in self.nlp.make_doc(name)
            if t.is_alpha and not t.is_stop and t.lower_ not in self.generic_words
        ]
        if not words:
            words = [t.lower_ for t in self.nlp.make_doc(name) if t.is_alpha]
        return "_".join(words)

    # --- output --------------------------------------------------------------------------

    def _spans(self, doc: Doc, lists: list[PriorityList], fallback_period: str | None) -> list[Span]:
        spans: list[Span] = []
        seen: set[tuple[str, str | None]] = set()
        for priority_list in sorted(lists, key=lambda pl: pl.items[0].start_char):
            period = priority_list.period or fallback_period
            for rank, item in enumerate(priority_list.items, start=1):
                name = clean_text(doc_text(doc)[item.start_char : item.end_char], " .;,:-–—")
                key = self.priority_key(name, item.description)
                span = doc.char_span(item.start_char, item.end_char, alignment_mode="expand")
                if span is None or (key, period) in seen:
                    continue
                seen.add((key, period))
                stated = priority_list.ranks[rank - 1] if priority_list.ranks else rank
                span._.fact = {"priority": name, "priority_key": key, "plan_period": period, "rank": stated}
                spans.append(span)
        return spans


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
        matcher.add(label, list(nlp.tokenizer.pipe(words)))
    return matcher


def _cue_matcher(nlp: Language, nouns: list[str]) -> Matcher:
    """'priorities', 'priority areas', 'priority themes'; singular 'priority' only as 'priority is/:'."""
    matcher = Matcher(nlp.vocab)
    matcher.add("CUE", [[{"LOWER": "priorities"}, {"LOWER": {"IN": nouns}, "OP": "?"}], [{"LOWER": "priority"}, {"LOWER": {"IN": nouns}}]], greedy="LONGEST")
    matcher.add(SINGULAR_CUE, [[{"LOWER": "priority"}, {"LOWER": {"IN": ["is", ":"]}}]])
    return matcher


def _period_matcher(nlp: Language) -> Matcher:
    matcher = Matcher(nlp.vocab)
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


def _first_sentence_end(block: TextBlock, start: int) -> int:
    for sentence in sentences_in(block):
        if sentence.start <= start < sentence.end:
            return sentence.end
    return block.span.end


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
