"""The priorities factory and reader: cues, prose lists, names, periods, keys and output spans."""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .. import extensions  # noqa: F401  (declares Span._.fact)
from ..grammar.lists import enumerator_at, skip_enumerator
from ..textblocks import (
    TextBlock,
    clean_text,
    doc_blocks,
    doc_text,
    load_data,
    matches_in,
    sentences_in,
)
from .common import (
    DASHES,
    DEFAULT_CUES_FILE,
    DEFAULT_KEYS_FILE,
    IGNORED_BLOCK_KINDS,
    LIST_JOINERS,
    MAX_NAME_TOKENS,
    MAX_SHORT_ITEM_TOKENS,
    MAX_VERB_GAP,
    MIN_PROSE_ITEMS,
    PARTICIPLE_ENDINGS,
    PERIOD_PREPOSITIONS,
    PERIOD_WINDOW,
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
def make_priorities(
    nlp: Language, name: str, keys_file: str, cues_file: str, max_name_tokens: int, span_key: str
) -> "PriorityReader":
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

