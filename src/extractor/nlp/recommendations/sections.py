"""Recommendations read from sections and lists: Recommendations/Decisions sections, 'To note' items, and lists announced by a heading or sentence ('What needs to improve')."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .. import extensions  # noqa: F401  (declares Span._.fact)
from ..explain import drop
from ..grammar.lists import (
    NUMBERING,
    enumerator_at,
    list_entries,
    numbered_start,
    sentence_end,
    skip_enumerator,
)
from ..grammar.resolutions import ResolutionGrammar
from ..textblocks import (
    HEADING_KIND,
    LIST_KIND,
    TextBlock,
    heading_of,
    matches_in,
    sentences_in,
)
from ..tokens import token_table
from .common import (
    COMMITTEE,
    DETERMINERS,
    FIRST_PERSON,
    INLINE_ANNOUNCEMENT_GAP,
    INSPECTION,
    LEARNING,
    MAX_ANNOUNCING_HEADING_TOKENS,
    MAX_HEADING_GAP_BLOCKS,
    SCRUTINY,
    SPAN_KEY,
    Recommendation,
    _letters,
    _strip_end,
)


class SectionLists:
    """Readers of recommendation sections and lists; mixed into RecommendationReader, which holds the vocabularies."""

    # What RecommendationReader provides: the vocabularies it loads, and the sentence readers it defines.
    grammar: ResolutionGrammar
    announcements: PhraseMatcher
    markers: PhraseMatcher
    not_announcing: PhraseMatcher
    inspection: PhraseMatcher
    scrutiny: PhraseMatcher
    review_cues: PhraseMatcher
    excluded: frozenset[str]
    improvement: frozenset[str]
    to_items: frozenset[str]
    reader_words: frozenset[str]

    if TYPE_CHECKING:

        def _is_recommendation_heading(self, block: TextBlock) -> bool: ...
        def _committee(self, doc: Doc, start: int, end: int, addressee: str | None) -> Recommendation: ...
        def names_only_body(self, doc: Doc, start: int, end: int) -> bool: ...
        def _opens_with_action(self, doc: Doc, start: int) -> bool: ...
        def _split_resolution(self, doc: Doc, start: int, end: int) -> list[tuple[int, int]]: ...
        def _recommend_addressee(self, doc: Doc, source: str, start: int, end: int) -> str | None: ...
        def _action(self, doc: Doc, start: int, end: int) -> str | None: ...

    # --- 'That ...' paragraphs under a RECOMMENDATIONS heading --------------------------------

    def _recommendation_sections(self, doc: Doc, blocks: list[TextBlock], used: set[int], excluded: set[int]) -> list[Recommendation]:
        """'That ...' paragraphs and list items in a section headed 'Recommendations'."""
        found: list[Recommendation] = []
        meeting_body = (doc._.metadata or {}).get("meeting_body")
        nested = False  # inside the unnumbered sub-items of a numbered item ending in ':'
        for block in blocks:
            numbered = numbered_start(doc, block.span.start, block.span.end)
            if nested and block.kind == LIST_KIND and not numbered:
                drop(doc, SPAN_KEY, block.span.start_char, block.span.end_char, "recommendations.sub_item")
                continue
            nested = block.kind == LIST_KIND and numbered and block.is_intro
            if block.kind == HEADING_KIND or block.index in used or block.index in excluded:
                continue
            heading = heading_of(blocks, block.index)
            if heading is None or not self._is_recommendation_heading(heading):
                continue
            start = skip_enumerator(doc, block.span.start, block.span.end)
            that = start < block.span.end and doc[start].lower_ == "that"
            if that and block.is_intro and self.names_only_body(doc, start + 1, _strip_end(doc, start + 1, block.span.end)):
                continue  # 'That Cabinet:' introduces the decisions listed after it
            if that:
                end = _strip_end(doc, start + 1, block.span.end)
                found += [self._committee(doc, a, b, meeting_body) for a, b in self._split_resolution(doc, start + 1, end)]
                used.add(block.index)
            elif block.kind == LIST_KIND:
                found.append(self._section_item(doc, blocks, block, heading, meeting_body))
                used.add(block.index)
            elif self.grammar.decision_item(doc, start, block.span.end):
                end = _strip_end(doc, start, block.span.end)
                found.append(self._committee(doc, start, end, meeting_body))
                used.add(block.index)
        return found

    def _to_items(self, doc: Doc, blocks: list[TextBlock], used: set[int], excluded: set[int]) -> list[Recommendation]:
        """'To note the work of the partnership', 'To approve the budget': a decision item of its own."""
        found: list[Recommendation] = []
        meeting_body = (doc._.metadata or {}).get("meeting_body")
        for block in blocks:
            if block.kind == HEADING_KIND or block.index in used or block.index in excluded:
                continue
            start = skip_enumerator(doc, block.span.start, block.span.end)
            if start + 1 < block.span.end and doc[start].lower_ == "to" and doc[start + 1].lower_ in self.to_items:
                end = _strip_end(doc, start, sentence_end(block, start))
                if any(t.lower_ in self.reader_words for t in doc[start:end]):
                    drop(doc, SPAN_KEY, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), "recommendations.reader_instruction")
                    continue  # 'To receive email alerts please visit our website': addressed to the reader
                found.append(self._committee(doc, start, end, meeting_body))
                used.add(block.index)
        return found

    def _section_item(self, doc: Doc, blocks: list[TextBlock], item: TextBlock, heading: TextBlock, meeting_body: str | None) -> Recommendation:
        """A listed recommendation: a committee's if it opens with a verb, else by the section it sits in."""
        start = skip_enumerator(doc, item.span.start, item.span.end)
        end = _strip_end(doc, start, item.span.end)
        action = self._action(doc, start, end)
        if self._opens_with_action(doc, start) and doc[start].lower_ not in DETERMINERS:
            return Recommendation(start, end, meeting_body, COMMITTEE, action)
        outer = heading_of(blocks, heading.index)
        context = [heading.span] + ([outer.span] if outer is not None else [])
        source = COMMITTEE
        if any(matches_in(self.inspection, span) for span in context):
            source = INSPECTION
        elif any(matches_in(self.scrutiny, span) for span in context):
            source = SCRUTINY
        elif any(matches_in(self.review_cues, span) for span in context):
            source = LEARNING
        addressee = self._recommend_addressee(doc, source, start, end)
        return Recommendation(start, end, addressee, source, action)

    # --- '... makes three recommendations: a) that ...; b) that ...' --------------------------

    def _inline_lists(self, doc: Doc, blocks: list[TextBlock], used: set[int], excluded: set[int]) -> list[Recommendation]:
        """Recommendations numbered inside the paragraph announcing them, and in the paragraphs a
        PDF wrapped them into: '... made three recommendations: a) that ...; b) that ...; and c) ...'."""
        found: list[Recommendation] = []
        for block in blocks:
            if block.kind == HEADING_KIND or block.index in used or block.index in excluded:
                continue
            span = block.span
            texts = token_table(doc).text
            colon = next((i for i in range(span.start, span.end - 1) if texts[i] == ":" and enumerator_at(doc, i + 1)), None)
            if colon is None or not any(
                colon - end <= INLINE_ANNOUNCEMENT_GAP for _, _, end in matches_in(self.announcements, doc[span.start : colon])
            ):
                continue  # the list must be what is announced: '... three recommendations to partners: a) ...'
            end = self._wrapped_end(doc, blocks, block, used)
            starts = [i for i in range(colon + 1, end) if self._opens_item(doc, i)]
            source = self._listing_source(blocks, block)
            for a, b in zip(starts, starts[1:] + [end]):
                a = skip_enumerator(doc, a, b) if enumerator_at(doc, a) else a + 2  # 'b)' opening a paragraph
                b = next((i + 1 for i in range(a, b) if doc[i].text == "."), b)  # an item is one sentence
                b = _strip_end(doc, a, b)
                if b > a:
                    found.append(Recommendation(a, b, self._recommend_addressee(doc, source, a, b), source, self._action(doc, a, b)))
            used.add(block.index)
        return found

    def _wrapped_end(self, doc: Doc, blocks: list[TextBlock], block: TextBlock, used: set[int]) -> int:
        """Where an inline list ends: the following paragraphs that open the next item ('b) that ...')
        or continue one (a lower-case start after a line that ends no sentence) belong to it."""
        end = block.span.end
        for following in blocks[block.index + 1 :]:
            first = following.span.start
            continues = doc[first].is_lower and not doc[end - 1].text.endswith(".")
            if following.kind == HEADING_KIND or not (self._opens_item(doc, first) or continues):
                break
            end = following.span.end
            used.add(following.index)
        return end

    def _opens_item(self, doc: Doc, i: int) -> bool:
        """An inline enumerator, or 'b)' opening a paragraph (after the whitespace between blocks)."""
        if enumerator_at(doc, i):
            return True
        return i > 0 and doc[i - 1].is_space and i + 1 < len(doc) and doc[i + 1].text == ")" and bool(NUMBERING.match(doc[i].lower_))

    # --- lists announced by a heading or the sentence before them --------------------------

    def _announced_lists(self, doc: Doc, blocks: list[TextBlock], taken: set[int], excluded: set[int]) -> list[Recommendation]:
        """'What needs to improve' / 'Recommendations' headings, or '... made three recommendations:',
        followed by listed, numbered or bulleted entries (an inspection's list may be plain paragraphs).
        `taken` holds the starts of rows other readers found: an entry holding one is theirs."""
        found: list[Recommendation] = []
        for block in blocks:
            if block.index in excluded:
                continue
            improvement = block.kind == HEADING_KIND and _letters(block.text) in self.improvement
            if block.kind == HEADING_KIND:
                announced = improvement or (self._announcing_heading(doc, block) and not self._excluded_heading(block))
                entries = list_entries(blocks, block.index + 1, plain=improvement, gap=MAX_HEADING_GAP_BLOCKS) if announced else []
            else:
                last = sentences_in(block)[-1]
                announced = bool(matches_in(self.announcements, last)) and (block.is_intro or bool(matches_in(self.markers, last)))
                entries = list_entries(blocks, block.index + 1) if announced else []
            source = INSPECTION if improvement else self._listing_source(blocks, block)
            for entry in entries:
                end = _strip_end(doc, entry.start, entry.end)
                if end <= entry.start or any(entry.start <= t < end for t in taken):
                    continue  # another reader already read a recommendation in this entry
                taken.add(entry.start)
                addressee = self._recommend_addressee(doc, source, entry.start, end)
                if source == COMMITTEE:
                    addressee = (doc._.metadata or {}).get("meeting_body")
                found.append(Recommendation(entry.start, end, addressee, source, self._action(doc, entry.start, end)))
        return found

    def _announcing_heading(self, doc: Doc, block: TextBlock) -> bool:
        """'Recommendations', 'The review's recommendations': a short heading naming them. A long
        'heading' is a paragraph's tail a PDF set apart, and '(Recommendation)' cross-refers."""
        if len(block.span) > MAX_ANNOUNCING_HEADING_TOKENS:
            return False
        return any(start == block.span.start or doc[start - 1].text != "(" for _, start, _ in matches_in(self.announcements, block.span))

    def _excluded_heading(self, block: TextBlock) -> bool:
        letters = _letters(block.text)
        return any(phrase in letters for phrase in self.excluded) or bool(matches_in(self.not_announcing, block.span))

    def _listing_source(self, blocks: list[TextBlock], block: TextBlock) -> str:
        heading = block if block.kind == HEADING_KIND else heading_of(blocks, block.index)
        context = [block.span] + ([heading.span] if heading is not None else [])
        if any(matches_in(self.inspection, span) for span in context):
            return INSPECTION
        lower = token_table(block.span.doc).lower
        if any(lower[i] in FIRST_PERSON for i in range(block.span.start, block.span.end)) or any(matches_in(self.scrutiny, span) for span in context):
            return SCRUTINY
        if any(matches_in(self.review_cues, span) for span in context):
            return LEARNING
        return COMMITTEE
