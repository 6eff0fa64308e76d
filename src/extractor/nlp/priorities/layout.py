"""Where priority lists are found: numbered priorities, intros, prose lists, headings, runs of headings, tables."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from .. import extensions  # noqa: F401  (declares Span._.fact)
from ..explain import drop
from ..grammar.lists import numbered_start, sentence_end, skip_enumerator
from ..textblocks import (
    HEADING_KIND,
    LIST_KIND,
    TextBlock,
    heading_of,
    list_after,
    matches_in,
    sentences_in,
)
from .common import (
    MAX_DESCRIPTION_BLOCKS,
    MAX_HEADER_WORDS,
    MAX_HEADING_GAP_BLOCKS,
    MAX_RANK_MODIFIERS,
    MIN_PROSE_ITEMS,
    NAME_END_MARKS,
    SPAN_KEY,
    TABLE_KIND,
    Item,
    PriorityList,
)


class LayoutLists:
    """The readers of lists laid out as blocks; mixed into PriorityReader, which holds the vocabularies."""

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
            sentence = next((s for s in reversed(sentences_in(block)) if self._own_cue(doc, s, s.end)), None)
            last = sentences_in(block)[-1]
            if sentence is None or self._disowned(last):
                if self._cue_positions(doc, last) and list_after(blocks, block.index):
                    drop(doc, SPAN_KEY, last.start_char, last.end_char, "priorities.not_own_list")
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
        if cue and self._disowned(header):
            drop(doc, SPAN_KEY, header.start_char, header.end_char, "priorities.other_body_table")
            return False
        return bool(cue) and len(words) <= MAX_HEADER_WORDS

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
            item = self._item(doc, start, sentence_end(block, start))
            if item is not None:
                read.append(item)
                used.add(block.index)
        return [PriorityList(read, period)] if read else []
