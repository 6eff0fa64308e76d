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
from .grammar.lists import enumerator_at, numbered_start, skip_enumerator
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
MAX_RANK_MODIFIERS = 2  # 'Strategic priority 1', 'Our key priority 2'
MAX_DESCRIPTION_BLOCKS = 3  # paragraphs under one priority's heading in a run of priority headings
MAX_HEADER_WORDS = 4  # 'Strategic priority', 'Our priorities 2023-25': a header, not a sentence about priorities
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
        self.list_disowners = _phrase_matcher(nlp, {"DISOWN": cues["list_disowners"]})
        self.keys = _phrase_matcher(nlp, keys)
        self.generic_words = frozenset(cues["generic_words"])
        self.rank_modifiers = frozenset(cues["rank_modifiers"])
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
        lists += self._heading_runs(doc, blocks, used)
        lists += self._table_columns(doc, doc_blocks(doc))
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
            if name_start == block.span.end:  # 'Priority One' alone: the next block names it
                following = blocks[block.index + 1] if block.index + 1 < len(blocks) else None
                if following is None or following.index in used:
                    continue
                used.add(block.index)
                block, name_start = following, following.span.start
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
        """(number, name start) of 'Priority 2 – X', 'Strategic priority 1: X'; a heading that is only
        'Priority One' is named by the block after it (its heading or first sentence)."""
        span = block.span
        lead = 0
        while lead < len(span) - 1 and lead < MAX_RANK_MODIFIERS and span[lead].lower_ in self.rank_modifiers:
            lead += 1
        if len(span) < lead + 2 or span[lead].lower_ != "priority":
            return None
        number = self._number(span[lead + 1].lower_)
        if number is None:
            return None
        start = span.start + lead + 2
        if start == span.end and block.kind == HEADING_KIND:
            return (number, span.end) if span.end < len(doc) else None
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
            sentence = next((s for s in reversed(sentences_in(block)) if self._own_cue(doc, s, s.end)), None)
            if sentence is None or self._disowned(sentences_in(block)[-1]):
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

    def _heading_runs(self, doc: Doc, blocks: list[TextBlock], used: set[int]) -> list[PriorityList]:
        """A priorities heading or intro followed by one heading per priority, each over its description
        ('Our priorities' / 'Safeguarding online' / description / 'Neglect' / description ...)."""
        found: list[PriorityList] = []
        for block in blocks:
            if block.kind == HEADING_KIND:
                cue_span = block.span
            elif not block.is_intro or block.kind == LIST_KIND:
                continue
            else:
                cue_span = next((s for s in sentences_in(block) if self._own_cue(doc, s, s.end)), None)
            if cue_span is None or self._own_cue(doc, cue_span, cue_span.end) is None or self._disowned(block.span):
                continue
            headings = self._run_of_headings(doc, blocks, block.index + 1)
            if headings and headings[0].index > block.index + 1 and not (block.is_intro or blocks[block.index + 1].is_intro):
                # prose between the cue and the headings: only a numbered run is still the list
                headings = [h for h in headings if numbered_start(doc, h.span.start, h.span.end)]
            if len(headings) >= MIN_PROSE_ITEMS and not any(h.index in used for h in headings):
                items = [self._item(doc, skip_enumerator(doc, h.span.start, h.span.end), h.span.end) for h in headings]
                read = [item for item in items if item is not None]
                used.update(h.index for h in headings)
                if read:
                    found.append(PriorityList(read, self._period_in(cue_span)))
        return found

    def _run_of_headings(self, doc: Doc, blocks: list[TextBlock], first: int) -> list[TextBlock]:
        """Headings each over at most MAX_DESCRIPTION_BLOCKS paragraphs, after at most one paragraph.
        The run ends at two headings in a row (a new section), a heading that names something else
        ('Areas of focus') or a longer stretch of prose."""
        run: list[TextBlock] = []
        prose = 0
        for j in range(first, len(blocks)):
            block = blocks[j]
            if block.kind != HEADING_KIND:
                prose += 1
                if prose > (MAX_DESCRIPTION_BLOCKS if run else 1):
                    break
                continue
            next_is_heading = j + 1 < len(blocks) and blocks[j + 1].kind == HEADING_KIND
            numbered = numbered_start(doc, block.span.start, block.span.end)
            if next_is_heading or self._disowned(block.span) or self._cue_positions(doc, block.span):
                break
            if run and numbered != numbered_start(doc, run[0].span.start, run[0].span.end):
                break  # '1. A', '2. B', then 'How the plan is funded': the numbered run has ended
            run.append(block)
            prose = 0
        return run

    def _table_columns(self, doc: Doc, all_blocks: list[TextBlock]) -> list[PriorityList]:
        """A table column headed 'Priority' / 'Strategic priorities': its cells are the priorities
        (a cover sheet's column of the receiving board's priorities is disowned by its header)."""
        columns: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
        headers: dict[tuple[int, int], Span] = {}
        for table, row, col, start, end in doc._.cells or []:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            if row == 0:
                headers[(table, col)] = span
            else:
                columns.setdefault((table, col), []).append((row, span.start, span.end))
        found: list[PriorityList] = []
        for key, header in headers.items():
            if not self._names_column(doc, header):
                continue
            items: list[Item] = []
            ranks: list[int] = []
            for row, start, end in sorted(columns.get(key, [])):
                name_start, rank = self._after_rank(doc, start, end)
                item = self._item(doc, name_start, end)
                if item is not None:
                    items.append(item)
                    ranks.append(rank or len(items))
            period = self._period_in(header) or self._table_period(doc, all_blocks, header)
            if items:
                found.append(PriorityList(items, period, ranks))
        return found

    def _names_column(self, doc: Doc, header: Span) -> bool:
        words = [t for t in header if t.is_alpha]
        cue = [t for t in words if t.lower_ in ("priority", "priorities")]
        return bool(cue) and len(words) <= MAX_HEADER_WORDS and not self._disowned(header)

    def _after_rank(self, doc: Doc, start: int, end: int) -> tuple[int, int | None]:
        """'Priority 1: Early help' -> (start of 'Early', 1); a cell without a rank is its own name."""
        if end - start > 2 and doc[start].lower_ == "priority":
            number = self._number(doc[start + 1].lower_)
            if number is not None:
                i = start + 2
                while i < end and (doc[i].text in NAME_END_MARKS or doc[i].text == "."):
                    i += 1
                return i, number
        start = skip_enumerator(doc, start, end)
        return start, None

    def _table_period(self, doc: Doc, blocks: list[TextBlock], header: Span) -> str | None:
        before = [b for b in blocks if b.span.end <= header.start and b.kind != TABLE_KIND][-2:]
        return next((p for p in (self._period_in(b.span) for b in reversed(before)) if p), None)

    def _disowned(self, span: Span) -> bool:
        """A negative phrase ('areas of focus', 'training priorities', 'not ... priorities') anywhere in the span."""
        return bool(matches_in(self.negative, span))

    def _section_list(self, blocks: list[TextBlock], heading_index: int) -> list[TextBlock]:
        """The first run of list items under a heading, if it starts near the heading."""
        gap = 0
        for j in range(heading_index + 1, len(blocks)):
            block = blocks[j]
            if block.kind == HEADING_KIND or gap > MAX_HEADING_GAP_BLOCKS:
                return []
            if block.kind == LIST_KIND and not block.is_intro:
                return [block] + list_after(blocks, j)
            if block.is_intro and (
                matches_in(self.list_disowners, sentences_in(block)[-1])
                or not any(self._own_cue(block.span.doc, s, s.end) for s in sentences_in(block))
            ):
                return []  # an intro of its own decides what its list is, unless it speaks of the same priorities
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
