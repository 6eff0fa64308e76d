"""Review names that only their section vouches for: a coded child or a quoted pseudonym opening a
paragraph under a heading (or in a paragraph) that talks about reviews ("Reviews published this
year / Child G (published September 2022). ... The LCSPR found ..."), and briefing cards, a
heading that is a name over text about that review ("Rosa and Finn / In January ... The review
looked at ...")."""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span

from ..grammar.names import OPEN_QUOTES
from ..textblocks import TextBlock, heading_of, matches_in
from ..tokens import token_table
from .common import (
    CHILD_PREFIXES,
    HEADING_KIND,
    MAX_CARD_BLOCKS,
    MAX_CARD_NAME_TOKENS,
    Candidate,
    Kinds,
    ReaderBase,
    inside_quotes,
    is_plural,
    span_text,
)


class SectionFinder(ReaderBase):
    """Mixin of ReviewReader: names vouched for by the block or section around them."""

    def _talks_about_reviews(self, doc: Doc, span: Span, kinds: Kinds, masked: set[int]) -> bool:
        starts = [s for s, _, _ in kinds]
        if bisect_left(starts, span.start) < bisect_left(starts, span.end):
            return True
        lower = token_table(span.doc).lower
        return any(lower[i] in self.review_words and i not in masked for i in range(span.start, span.end))

    def _section_signal(self, doc: Doc, blocks: list[TextBlock], block: TextBlock, kinds: Kinds, masked: set[int]) -> bool:
        """The block, or the heading above it, talks about reviews."""
        if self._talks_about_reviews(doc, block.span, kinds, masked):
            return True
        heading = heading_of(blocks, block.index)
        return heading is not None and self._talks_about_reviews(doc, heading.span, kinds, masked)

    def _opening_name(self, doc: Doc, sentence: Span, block: TextBlock, kinds: Kinds, blocks: list[TextBlock]) -> list[Candidate]:
        """A coded child ('Young Person A', 'Child G') or quoted pseudonym ('‘Amelia’') opening a
        paragraph of a section about reviews; its kind is the nearest in the paragraph, else the
        plural kind that introduced the section's reviews ('Two led to LCSPRs. / ‘Amelia’ was a baby ...')."""
        if sentence.start != block.span.start:
            return []
        start = sentence.start
        end = self._coded_unit(doc, start, sentence.end)
        if end is None and doc[start].text in OPEN_QUOTES:
            quoted = self._name_unit(doc, start, sentence.end)
            if (
                quoted is not None
                and quoted - start - 2 <= MAX_CARD_NAME_TOKENS
                and all(self._is_name_token(doc, i) for i in range(start + 1, quoted - 1) if doc[i].lower_ not in self.joiners)
            ):
                end = quoted
        if end is None:
            return []
        start, end = inside_quotes(doc, start, end)
        return [self._candidate(doc, start, end, self._kinds_in(block.span, kinds), self._section_kind(doc, blocks, block, kinds))]

    def _section_kind(self, doc: Doc, blocks: list[TextBlock], block: TextBlock, kinds: Kinds) -> str | None:
        """The last plural kind phrase in the section (from the heading before the one above the
        block, as a sub-heading such as 'Reviews published this year' often follows the intro): a
        plural introduces the reviews that follow, a singular one ('The CSPR found ...') is its own review's."""
        heading = heading_of(blocks, block.index)
        outer = heading_of(blocks, heading.index) if heading is not None else None
        start = (outer or heading).span.start if heading is not None else block.span.start
        before = [k for s, e, k in self._kinds_in(doc[start : block.span.start], kinds) if is_plural(doc[e - 1].lower_)]
        return before[-1] if before else None

    def _cards(self, doc: Doc, blocks: list[TextBlock], kinds: Kinds, masked: set[int]) -> list[Candidate]:
        """Briefing cards: a heading that is only a name, over blocks that talk about a review and
        name the child again; the card's first kind phrase is the review's kind."""
        found = []
        for block in blocks:
            if block.kind != HEADING_KIND:
                continue
            start, end = block.span.start, block.span.end
            while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct):
                end -= 1
            if self._coded_unit(doc, start, end) != end and not self._is_card_name(doc, start, end):
                continue
            body = self._card_body(blocks, block)
            if body is None or not self._talks_about_reviews(doc, body, kinds, masked):
                continue
            if not self._named_again(doc, start, end, body):
                continue
            card_kinds = self._kinds_in(body, kinds)
            kind = card_kinds[0][2] if card_kinds else self.default_kind
            start, end = inside_quotes(doc, start, end)
            found.append(Candidate(start, end, span_text(doc, start, end), kind))
        return found

    def _named_again(self, doc: Doc, start: int, end: int, body: Span) -> bool:
        """The card's text names the child again: a code ('Child V, a 12-year-old'), or a name word
        inside a sentence ('In August 2021 Kasim ...'), since any heading word may open a sentence."""
        if self._coded_unit(doc, start, end) == end:
            return any(t.text == doc[end - 1].text for t in body)
        words = {doc[i].text for i in range(start, end) if self._is_name_token(doc, i)}
        return any(t.text in words and not t.is_sent_start for t in body)

    def _is_card_name(self, doc: Doc, start: int, end: int) -> bool:
        """'Kasim', 'Rosa and Finn', '“Kai and Mia”', 'Baby Ellie': one to a few name words, joined by 'and'."""
        start, end = inside_quotes(doc, start, end)
        if not 0 < end - start <= MAX_CARD_NAME_TOKENS:
            return False
        if doc[start].lower_ in CHILD_PREFIXES and end - start > 1:
            start += 1
        return all((doc[i].lower_ in self.joiners and start < i < end - 1) or self._is_name_token(doc, i) for i in range(start, end))

    def _card_body(self, blocks: list[TextBlock], heading: TextBlock) -> Span | None:
        """The blocks after a heading, up to the next heading (at most `MAX_CARD_BLOCKS`)."""
        after = blocks[heading.index + 1 : heading.index + 1 + MAX_CARD_BLOCKS]
        body = []
        for block in after:
            if block.kind == HEADING_KIND:
                break
            body.append(block)
        if not body:
            return None
        return heading.span.doc[body[0].span.start : body[-1].span.end]

    @staticmethod
    def _kinds_in(span: Span, kinds: Kinds) -> Kinds:
        starts = [s for s, _, _ in kinds]
        return kinds[bisect_left(starts, span.start) : bisect_left(starts, span.end)]

    def _coded_unit(self, doc: Doc, i: int, end: int) -> int | None:
        """The end of 'Child G', 'Young Person A', 'Children D and E', 'Child R1/R2' starting at i."""
        ends = [e for m, s, e in matches_in(self.names, doc[i:end]) if s == i and doc.vocab.strings[m] == "CODE"]
        return max(ends) if ends else None
