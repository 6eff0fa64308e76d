"""The priorities factory and reader: cues, prose lists, names, periods, keys and output spans."""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .. import extensions  # noqa: F401  (declares Span._.fact)
from ..explain import drop
from ..grammar.lists import enumerator_at, skip_enumerator
from ..textblocks import (
    TextBlock,
    clean_text,
    doc_blocks,
    doc_text,
    matches_in,
    sentences_in,
)
from ..vocabularies import load_data
from .common import (
    ACTIVITY_WINDOW,
    CLOSE_BRACKET,
    DASHES,
    DEFAULT_CUES_FILE,
    DEFAULT_KEYS_FILE,
    IGNORED_BLOCK_KINDS,
    LIST_JOINERS,
    MAX_NAME_TOKENS,
    MAX_OPENER_TOKENS,
    MAX_SHORT_ITEM_TOKENS,
    MAX_VERB_GAP,
    MIN_CELL_PROSE_TOKENS,
    MIN_PROSE_ITEMS,
    OF_OPENER,
    OPEN_BRACKET,
    OWNER_PHRASE_TOKENS,
    PARAGRAPH_KIND,
    PARTICIPLE_ENDINGS,
    PERIOD_PREPOSITIONS,
    PERIOD_WINDOW,
    POSSESSIVE_GAP,
    POSSESSIVES,
    SINGULAR_CUE,
    SPAN_KEY,
    Item,
    PriorityList,
    _cue_matcher,
    _name_end,
    _period_matcher,
    _phrase_matcher,
    _split_at,
    _strip_end,
    _strip_joiners,
    normalise_period,
)
from .layout import LayoutLists


@Language.factory(
    "priorities",
    default_config={
        "keys_file": DEFAULT_KEYS_FILE,
        "cues_file": DEFAULT_CUES_FILE,
        "max_name_tokens": MAX_NAME_TOKENS,
        "span_key": SPAN_KEY,
    },
)
def make_priorities(nlp: Language, name: str, keys_file: str, cues_file: str, max_name_tokens: int, span_key: str) -> "PriorityReader":
    return PriorityReader(nlp, keys_file, cues_file, max_name_tokens, span_key)


class PriorityReader(LayoutLists):
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
        self.other_bodies = _phrase_matcher(nlp, {"OTHER": cues["other_bodies"]})
        self.activity = _phrase_matcher(nlp, {"ACTIVITY": cues["activity_negatives"]})
        self.appositive_openers = _phrase_matcher(nlp, {"APPOSITIVE": cues["appositive_openers"]})
        self.single_openers = _phrase_matcher(nlp, {"SINGLE": cues["single_openers"]})
        self.single_verbs = _phrase_matcher(nlp, {"VERB": cues["single_verbs"]})
        self.list_disowners = _phrase_matcher(nlp, {"DISOWN": cues["list_disowners"]})
        self.keys = _phrase_matcher(nlp, keys)
        self.fixed_phrases = _phrase_matcher(nlp, {"FIXED": cues["fixed_phrases"]})
        self.clause_openers = frozenset(cues["clause_openers"])
        self.predicate_verbs = frozenset(cues["predicate_verbs"])
        self.ticked = frozenset(cues["ticked_marks"])
        self.unticked = frozenset(cues["unticked_marks"])
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
        lists += self._prose(doc, self._prose_cells(doc))
        lists += self._under_headings(doc, blocks, used)
        lists += self._heading_runs(doc, blocks, used)
        lists += self._table_columns(doc, doc_blocks(doc))
        fallback_period = self._document_period(doc, blocks)
        doc.spans[self.span_key] = self._spans(doc, lists, fallback_period)
        return doc

    def _prose_cells(self, doc: Doc) -> list[TextBlock]:
        """Table cells that hold sentences (a decision record's 'Record of the Decision' cell), as blocks
        outside the block list (index -1): their prose lists are read like a paragraph's."""
        cells: list[TextBlock] = []
        for _, _, _, start, end in doc._.cells or []:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span) >= MIN_CELL_PROSE_TOKENS:
                cells.append(TextBlock(-1, PARAGRAPH_KIND, span, None))
        return cells

    # --- cues ----------------------------------------------------------------------------

    def _cue_positions(self, doc: Doc, span: Span) -> list[tuple[int, int]]:
        singular = self.nlp.vocab.strings[SINGULAR_CUE]
        return sorted((s, s + 1 if m == singular else e) for m, s, e in matches_in(self.cues, span))

    def _own_cue(self, doc: Doc, span: Span, list_start: int, appositive: bool = False) -> tuple[int, int] | None:
        """The first priority cue in `span` whose lead-in (up to the list) disowns nothing: no negative
        phrase, no other owner (the owner named just before the cue decides: 'the council noted the
        Board's priorities'), and no activity word close before the cue unless the list is appositive."""
        cues = [c for c in self._cue_positions(doc, span) if c[0] < list_start]
        if not cues:
            return None
        cue_start = cues[0][0]
        lead_in = doc[span.start : list_start]
        if matches_in(self.negative, lead_in):
            return None
        owner = self._owner_start(doc, span.start, cue_start)
        if matches_in(self.other_bodies, doc[owner:list_start]):
            return None
        near = doc[max(span.start, cue_start - ACTIVITY_WINDOW) : list_start]
        if not appositive and matches_in(self.activity, near):
            return None
        return cues[0]

    def _owner_start(self, doc: Doc, start: int, cue_start: int) -> int:
        """Where the owner of a cue is named: a possessive just before it ('the Board's three priorities')
        limits the lead-in to that owner's phrase; otherwise the whole lead-in may name an owner."""
        for i in range(cue_start - 1, max(start, cue_start - POSSESSIVE_GAP) - 1, -1):
            if doc[i].lower_ in POSSESSIVES:
                return max(start, i - OWNER_PHRASE_TOKENS)
        return start

    def _disowned(self, span: Span, appositive: bool = False) -> bool:
        """A negative phrase or another owner anywhere in the span ('areas of focus', 'training priorities',
        'not ... priorities', 'Health and Wellbeing Board'), or an activity word unless the list is appositive."""
        found = matches_in(self.negative, span) or matches_in(self.other_bodies, span)
        return bool(found or not appositive and matches_in(self.activity, span))

    def _list_start(self, doc: Doc, cue_end: int, end: int) -> int | None:
        """Where a prose list begins after its cue: after a colon, a list verb, an appositive opener
        ('namely', 'of') or at an enumerator."""
        opened = self._appositive_start(doc, cue_end, end)
        if opened is not None:
            return opened
        for i in range(cue_end, end):
            token = doc[i]
            if token.text == ":":
                return i + 1
            if enumerator_at(doc, i):
                return i
            if token.is_sent_start and i > cue_end:
                return None
        verbs = sorted(matches_in(self.list_verbs, doc[cue_end : min(end, cue_end + MAX_VERB_GAP)]), key=lambda m: (m[1], -m[2]))
        for _, verb_start, start in verbs:  # the longest verb at the first place: 'were identified as
            between = range(cue_end, verb_start)
            if any(doc[i].is_punct and doc[i].text not in DASHES or doc[i].lower_ in self.clause_openers for i in between):
                return None  # 'priorities that are understood' is a relative clause, not a list
            if start < end and doc[start].text == ":":
                return start + 1
            return start if start < end and not self._opens_predicate(doc[start]) else None
        return None

    def _appositive_start(self, doc: Doc, cue_end: int, end: int) -> int | None:
        """'priorities for 2016-19, namely A, B and C'; 'priorities of A, B and C' (not 'priorities of the
        Board are ...': an 'of' list is no list when a list verb or a determiner follows)."""
        if cue_end + 1 < end and doc[cue_end].text == OPEN_BRACKET:
            return cue_end + 1
        if cue_end + 1 < end and doc[cue_end].lower_ == OF_OPENER:
            following = doc[cue_end + 1]
            listed = any(doc[i].text in ",;" for i in range(cue_end, end))  # 'priority areas of practice and data'
            if following.is_stop or following.is_punct or not listed or matches_in(self.list_verbs, doc[cue_end:end]):
                return None
            return cue_end + 1
        for _, s, e in matches_in(self.appositive_openers, doc[cue_end + 1 : min(end - 1, cue_end + PERIOD_WINDOW + 1)]):
            if doc[s - 1].text == ",":
                return e
        return None

    def _after_opener(self, doc: Doc, list_start: int) -> bool:
        """An appositive opener ('namely', 'which are') ends right where the list starts."""
        window = doc[max(0, list_start - MAX_OPENER_TOKENS) : list_start]
        return any(e == list_start for _, _, e in matches_in(self.appositive_openers, window))

    def appositive_end(self, doc: Doc, list_start: int, end: int) -> int:
        """Where an appositive list stops: its closing bracket, or the sentence's verb ('priorities of A,
        B and C be endorsed'); other lists run to the end of the sentence."""
        opener = doc[list_start - 1]
        if opener.text == OPEN_BRACKET:
            return next((i for i in range(list_start, end) if doc[i].text == CLOSE_BRACKET), end)
        if opener.lower_ == OF_OPENER or self._after_opener(doc, list_start):
            return next((i for i in range(list_start + 1, end) if doc[i].lower_ in self.predicate_verbs), end)
        return end

    def appositive(self, doc: Doc, sentence: Span, cue_start: int, list_start: int) -> bool:
        """The list is the cue's apposition, so an activity word around it does not disown it: 'the
        three priorities: A, B and C', 'priorities, namely ...', 'priorities of ...'."""
        opener = doc[list_start - 1]
        if opener.text == OPEN_BRACKET or opener.lower_ == OF_OPENER or self._after_opener(doc, list_start):
            return True
        counted = self._stated_count(doc, sentence.start, cue_start) is not None
        return counted and opener.text == ":" and list_start - cue_start <= PERIOD_WINDOW + 2

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
            parts = self._list_clause(doc, _split_at(doc, start, end, separator))
            parts = self._split_last_and(doc, parts, count, separator)
        items = [self._item(doc, *_strip_joiners(doc, a, b)) for a, b in parts]
        return [item for item in items if item is not None]

    def _list_clause(self, doc: Doc, parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The parts up to one that opens a new clause ('A, B and C, and that the council ...')."""
        for k, (a, b) in enumerate(parts[1:], start=1):
            first, _ = _strip_joiners(doc, a, b)
            if first < b and doc[first].lower_ in self.clause_openers:
                return parts[:k]
        return parts

    def _split_last_and(self, doc: Doc, parts: list[tuple[int, int]], count: int | None, separator: str) -> list[tuple[int, int]]:
        """Split 'B and C' at the end of 'A, B and C' (not 'women and girls', a known phrase)."""
        if not parts:
            return parts
        protected = self._protected_joiners(doc, parts[0][0], parts[-1][1])
        while True:
            last_start, last_end = parts[-1]
            oxford = doc[last_start].lower_ in LIST_JOINERS
            joiners = [i for i in range(last_start + 1, last_end - 1) if doc[i].lower_ in LIST_JOINERS and i not in protected]
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
        for matcher in (self.keys, self.fixed_phrases):
            for _, s, e in matches_in(matcher, doc[start:end]):
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
        words = [t.lower_ for t in self.nlp.make_doc(name) if t.is_alpha and not t.is_stop and t.lower_ not in self.generic_words]
        if not words:
            words = [t.lower_ for t in self.nlp.make_doc(name) if t.is_alpha]
        return "_".join(words)

    # --- output --------------------------------------------------------------------------

    def _spans(self, doc: Doc, lists: list[PriorityList], fallback_period: str | None) -> list[Span]:
        spans: list[Span] = []
        seen: set[tuple[str, str | None]] = set()
        written: set[str] = set()  # the same priority restated for another period is one priority as written
        for priority_list in sorted(lists, key=lambda pl: pl.items[0].start_char):
            period = priority_list.period or fallback_period
            for rank, item in enumerate(priority_list.items, start=1):
                name = clean_text(doc_text(doc)[item.start_char : item.end_char], " .;,:-–—")
                if not any(char.isalpha() for char in name):  # a bare number or mark names no priority
                    drop(doc, SPAN_KEY, item.start_char, item.end_char, "priorities.no_words")
                    continue
                key = self.priority_key(name, item.description)
                span = doc.char_span(item.start_char, item.end_char, alignment_mode="expand")
                if span is None or (key, period) in seen or name.lower() in written:
                    continue
                seen.add((key, period))
                written.add(name.lower())
                stated = priority_list.ranks[rank - 1] if priority_list.ranks else rank
                span._.fact = {"priority": name, "priority_key": key, "plan_period": period, "rank": stated}
                spans.append(span)
        return spans
