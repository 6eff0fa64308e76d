"""Where priority lists are found: numbered priorities, intros, prose lists, headings, runs of headings, tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from .. import extensions  # noqa: F401  (declares Span._.fact)
from ..explain import drop
from ..grammar.lists import (
    numbered_start,
    numbering_style,
    run_in_end,
    sentence_end,
    skip_enumerator,
)
from ..textblocks import (
    HEADING_KIND,
    LIST_KIND,
    TextBlock,
    doc_text,
    heading_of,
    list_after,
    matches_in,
    sentences_in,
)
from .common import (
    DASHES,
    MAX_DESCRIPTION_BLOCKS,
    MAX_HEADER_WORDS,
    MAX_HEADING_GAP_BLOCKS,
    MAX_NAMED_HEADER_WORDS,
    MAX_RANK_MODIFIERS,
    MAX_VERB_GAP,
    MIN_PROSE_ITEMS,
    NAME_END_MARKS,
    POSSESSIVE_GAP,
    SPAN_KEY,
    TABLE_KIND,
    Item,
    PriorityList,
    _strip_end,
)


class LayoutLists:
    """The readers of lists laid out as blocks; mixed into PriorityReader, which holds the vocabularies."""

    # What PriorityReader provides: the vocabularies it loads, and the sentence readers it defines.
    follow_on: PhraseMatcher
    list_disowners: PhraseMatcher
    other_bodies: PhraseMatcher
    presenting_verbs: PhraseMatcher
    single_openers: PhraseMatcher
    single_verbs: PhraseMatcher
    rank_modifiers: frozenset[str]
    ticked: frozenset[str]
    unticked: frozenset[str]

    if TYPE_CHECKING:

        def _cue_positions(self, doc: Doc, span: Span) -> list[tuple[int, int]]: ...
        def _own_cue(self, doc: Doc, span: Span, list_start: int, appositive: bool = False) -> tuple[int, int] | None: ...
        def _disowned(self, span: Span, appositive: bool = False) -> bool: ...
        def _list_start(self, doc: Doc, cue_end: int, end: int) -> int | None: ...
        def appositive(self, doc: Doc, sentence: Span, cue_start: int, list_start: int) -> bool: ...
        def appositive_end(self, doc: Doc, list_start: int, end: int) -> int: ...
        def _opens_predicate(self, token: Token) -> bool: ...
        def _stated_count(self, doc: Doc, start: int, cue_start: int) -> int | None: ...
        def _number(self, word: str) -> int | None: ...
        def _split_prose(self, doc: Doc, start: int, end: int, count: int | None) -> list[Item]: ...
        def _item(self, doc: Doc, start: int, end: int) -> Item | None: ...
        def _period_in(self, span: Span) -> str | None: ...

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
            item = self._item(doc, name_start, sentence_end(block, name_start))
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
            items = self._items_after(doc, blocks, block.index)
            sentences = sentences_in(block)
            sentence = next((s for s in reversed(sentences) if self._own_cue(doc, s, s.end, self._intro_appositive(doc, s, items))), None)
            last = sentences[-1]
            if sentence is None or self._disowned(last, self._intro_appositive(doc, last, items)):
                if self._cue_positions(doc, last) and items:
                    drop(doc, SPAN_KEY, last.start_char, last.end_char, "priorities.not_own_list")
                continue
            found += self._from_list_items(doc, items, used, self._period_in(sentence))
        return found

    def _intro_appositive(self, doc: Doc, sentence: Span, items: list[TextBlock]) -> bool:
        """An intro whose list is its cue's apposition ('the three priorities for 2024-26:'), or whose
        items are 'Name – description' (each names a priority, whatever the intro says is done on it)."""
        cues = self._cue_positions(doc, sentence)
        if cues and self.appositive(doc, sentence, cues[-1][0], sentence.end):
            return True
        named = [self._item(doc, skip_enumerator(doc, b.span.start, b.span.end), sentence_end(b, b.span.start)) for b in items]
        return len(named) >= MIN_PROSE_ITEMS and all(item is not None and item.description for item in named)

    def _items_after(self, doc: Doc, blocks: list[TextBlock], index: int) -> list[TextBlock]:
        """The list items after an intro, in one numbering style (a change of style ends a nested list),
        with a last item that runs into the next list's intro ('Voice of the child. Key actions were:')."""
        items = list_after(blocks, index)
        following = (items[-1].index if items else index) + 1
        if following < len(blocks):
            block = blocks[following]
            ran_in = run_in_end(doc, block.span.start, block.span.end) is not None
            if block.kind == LIST_KIND and block.is_intro and (len(sentences_in(block)) > 1 or ran_in):
                items = items + [block]
        if not items:
            return items
        style = numbering_style(doc, items[0].span.start, items[0].span.end)
        same = [b for b in items if numbering_style(doc, b.span.start, b.span.end) == style]
        cut = next((k for k, b in enumerate(items) if b not in same), len(items))
        return items[:cut]

    def _prose(self, doc: Doc, blocks: list[TextBlock], sections: list[TextBlock] | None = None) -> list[PriorityList]:
        """Lists written in a sentence: after the cue, or in the next sentence ('These include'); none in a
        section headed by another body ('Links to the Health and Wellbeing Strategy')."""
        found: list[PriorityList] = []
        for block in blocks:
            heading = heading_of(sections if sections is not None else blocks, block.index) if block.index >= 0 else None
            if heading is not None and matches_in(self.other_bodies, heading.span):
                continue
            sentences = sentences_in(block)
            for position, sentence in enumerate(sentences):
                prose = self._prose_in(doc, sentences, position) or self._single_in(doc, sentence)
                if prose is not None:
                    found.append(prose)
                    continue
                if position + 1 < len(sentences) and self._own_cue(doc, sentence, sentence.end) is not None:
                    follow = self._follow_on_list(doc, sentences[position + 1], sentence)
                    if follow is not None:
                        found.append(follow)
        return found

    def _prose_in(self, doc: Doc, sentences: list[Span], position: int) -> PriorityList | None:
        sentence = sentences[position]
        for cue_start, cue_end in self._cue_positions(doc, sentence):
            list_start = self._list_start(doc, cue_end, sentence.end)
            if list_start is None:
                continue
            appositive = self.appositive(doc, sentence, cue_start, list_start)
            if self._own_cue(doc, sentence, list_start, appositive) is None:
                continue
            count = self._stated_count(doc, sentence.start, cue_start)
            items = self._split_prose(doc, list_start, self.appositive_end(doc, list_start, sentence.end), count)
            if count is not None and len(items) < count and doc[list_start - 1].text == ":":
                items = self._sentence_items(doc, sentences, position, list_start, count) or items
            if len(items) >= MIN_PROSE_ITEMS:
                return PriorityList(items, self._period_in(sentence))
        return None

    def _sentence_items(self, doc: Doc, sentences: list[Span], position: int, start: int, count: int) -> list[Item]:
        """'three priorities, each an outcome: A are safe. B are heard. C ...': one sentence per priority."""
        following = sentences[position + 1 : position + count]
        if len(following) < count - 1:
            return []
        bounds = [(start, sentences[position].end)] + [(s.start, s.end) for s in following]
        items = [self._item(doc, a, _strip_end(doc, a, b)) for a, b in bounds]
        return [item for item in items if item is not None] if all(items) else []

    def _single_in(self, doc: Doc, sentence: Span) -> PriorityList | None:
        """'One of the Partnership's priorities for 2023-25 is A safe workforce, and ...': one priority."""
        for _, open_start, open_end in matches_in(self.single_openers, sentence):
            cue = next((c for c in self._cue_positions(doc, sentence) if 0 <= c[0] - open_end <= POSSESSIVE_GAP), None)
            if cue is None:
                continue
            window = doc[cue[1] : min(sentence.end, cue[1] + MAX_VERB_GAP)]
            verb_start, verb = next(((s, e) for _, s, e in matches_in(self.single_verbs, window)), (None, None))
            if verb_start is None or verb is None or verb >= sentence.end or self._opens_predicate(doc[verb]):
                continue
            if any(doc[i].is_punct and doc[i].text not in DASHES for i in range(cue[1], verb_start)):
                continue
            if self._own_cue(doc, sentence, verb) is None:
                continue
            end = next((i for i in range(verb, sentence.end) if doc[i].text in ",;"), sentence.end)
            item = self._item(doc, verb, _strip_end(doc, verb, end))
            if item is not None:
                return PriorityList([item], self._period_in(sentence))
        return None

    def _follow_on_list(self, doc: Doc, sentence: Span, cue_sentence: Span) -> PriorityList | None:
        if not matches_in(self.presenting_verbs, cue_sentence) or matches_in(self.list_disowners, sentence):
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
            cue_span: Span | None
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
        (a cover sheet's column of the receiving board's priorities is disowned by its header; when the
        table has a tick column, only the ticked rows are read)."""
        columns: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
        headers: dict[tuple[int, int], Span] = {}
        marks: dict[tuple[int, int], dict[int, str]] = {}  # (table, row) -> {col: lower-cased cell text}
        for table, row, col, start, end in doc._.cells or []:
            span = doc.char_span(start, end, alignment_mode="expand")
            text = doc_text(doc)[start:end].strip().lower()
            marks.setdefault((table, row), {})[col] = text
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
            tick_cols = self._tick_columns(key[0], marks)
            items: list[Item] = []
            ranks: list[int] = []
            for row, start, end in sorted(columns.get(key, [])):
                if tick_cols and marks[(key[0], row)].get(tick_cols[0], "") not in self.ticked:
                    continue
                name_start, rank = self._after_rank(doc, start, end)
                item = self._item(doc, name_start, end)
                if item is not None:
                    items.append(item)
                    ranks.append(rank or len(items))
            period = self._period_in(header) or self._table_period(doc, all_blocks, header)
            if items:
                found.append(PriorityList(items, period, ranks))
        return found

    def _tick_columns(self, table: int, marks: dict[tuple[int, int], dict[int, str]]) -> list[int]:
        """The columns of a table whose body cells are all tick marks ('☒', '☐', 'Yes', 'No')."""
        body = [cells for (t, row), cells in marks.items() if t == table and row > 0]
        columns = sorted({col for cells in body for col in cells})
        marked = self.ticked | self.unticked
        return [c for c in columns if body and all(cells.get(c, "") in marked for cells in body)]

    def _names_column(self, doc: Doc, header: Span) -> bool:
        words = [t for t in header if t.is_alpha]
        cue = [t for t in words if t.lower_ in ("priority", "priorities")]
        if cue and self._disowned(header):
            drop(doc, SPAN_KEY, header.start_char, header.end_char, "priorities.other_body_table")
            return False
        named = bool(words) and words[-1].lower_ in ("priority", "priorities")  # 'The Partnership's priority'
        return bool(cue) and (len(words) <= MAX_HEADER_WORDS or named and len(words) <= MAX_NAMED_HEADER_WORDS)

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

    def _from_list_items(self, doc: Doc, items: list[TextBlock], used: set[int], period: str | None) -> list[PriorityList]:
        read: list[Item] = []
        for block in items:
            if block.index in used:
                continue
            start = skip_enumerator(doc, block.span.start, block.span.end)
            end = sentence_end(block, start)
            if block.is_intro and end == block.span.end:  # the entry ran into the next list's intro
                end = run_in_end(doc, start, end) or end
            item = self._item(doc, start, end)
            if item is not None:
                read.append(item)
                used.add(block.index)
        return [PriorityList(read, period)] if read else []
