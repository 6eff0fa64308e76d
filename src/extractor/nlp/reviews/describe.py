"""One row per review, and what the text says about it: kind, status and themes."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..textblocks import TextBlock, block_of, matches_in, sentence_of, sentences_in
from ..tokens import token_table
from .common import (
    ATTRIBUTION_PREPOSITIONS,
    BACK_DETERMINERS,
    FOLLOWING_PRONOUNS,
    NATIONAL_DEFAULT_STATUS,
    NATIONAL_KIND,
    POSSESSIVE_MARKS,
    Candidate,
    ReaderBase,
    Review,
    capitalised_run,
    name_key,
    span_text,
)


class Describer(ReaderBase):
    """Mixin of ReviewReader: merging candidates into reviews and describing them."""

    def _merge(self, candidates: list[Candidate]) -> list[Review]:
        """One review per normalised name, first mention first; later mentions may supply the kind."""
        reviews: dict[str, Review] = {}
        for candidate in sorted(candidates, key=lambda c: c.start):
            key = name_key(candidate.name)
            if not key:
                continue
            review = reviews.get(key)
            if review is None:
                review = reviews[key] = Review(key, candidate, candidate.kind)
            review.kind = review.kind or candidate.kind
            if candidate.kind == NATIONAL_KIND:
                review.kind = NATIONAL_KIND
            review.variants.update({candidate.name, *candidate.variants})
            if candidate.referent is not None:
                review.referents.add(candidate.referent)
        return list(reviews.values())

    def _describe(self, doc: Doc, blocks: list[TextBlock], reviews: list[Review], kinds: list[tuple[int, int, str]]) -> None:
        """Status and themes from every sentence that mentions each review."""
        if not reviews:
            return
        mentions = self._mentions(doc, reviews)
        review_words = {i for i, lower in enumerate(token_table(doc).lower) if lower in self.review_words} | {s for s, _, _ in kinds}
        by_sentence: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
        for start, end, index in mentions:
            block = block_of(blocks, start)
            if block is None:
                continue
            sentence = sentence_of(block, start)
            by_sentence.setdefault((sentence.start, sentence.end), []).append((start, end, index))
        for (s_start, s_end), inside in sorted(by_sentence.items()):
            inside.sort()
            shared_prefix = (s_start, inside[0][0])
            for position, (start, _, index) in enumerate(inside):
                segment_end = next((m[0] for m in inside[position + 1 :] if m[2] != index), s_end)
                self._absorb(doc, reviews[index], [shared_prefix, (start, segment_end)], kinds)
            following = self._following_sentence(doc, blocks, s_start, s_end, mentions, review_words)
            if following is not None:
                self._absorb(doc, reviews[inside[-1][2]], [following])
        for review in reviews:
            if not review.statuses:  # "the Board published two SCRs. The review concerning Child L ..."
                for start, end in review.referents:
                    review.statuses.update(self._statuses_in(doc[start:end]))
            if review.kind == NATIONAL_KIND and not review.statuses:
                review.statuses.add(NATIONAL_DEFAULT_STATUS)

    def _mentions(self, doc: Doc, reviews: list[Review]) -> list[tuple[int, int, int]]:
        matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        for index, review in enumerate(reviews):
            matcher.add(str(index), list(self.nlp.tokenizer.pipe(sorted(review.variants))))  # type: ignore[union-attr]  # spaCy types Language.tokenizer as a bare callable; its Tokenizer has pipe
        spans = filter_spans(Span(doc, s, e, label=m) for m, s, e in matcher(doc))
        return [(span.start, span.end, int(span.label_)) for span in spans]

    def _following_sentence(
        self,
        doc: Doc,
        blocks: list[TextBlock],
        s_start: int,
        s_end: int,
        mentions: list[tuple[int, int, int]],
        review_words: set[int],
    ) -> tuple[int, int] | None:
        """The next sentence of the same block, if it names no review and no review kind."""
        block = block_of(blocks, s_start)
        if block is None:
            return None
        following = next((s for s in sentences_in(block) if s.start == s_end), None)
        if following is None or not self._opens_by_referring_back(following):
            return None
        span = range(following.start, following.end)
        if any(m[0] in span for m in mentions) or any(i in span for i in review_words):
            return None
        return following.start, following.end

    def _opens_by_referring_back(self, sentence: Span) -> bool:
        """'It was published ...', 'The review found ...', 'This CSPR ...'."""
        words = [t for t in sentence if not t.is_space and not t.is_punct][:2]
        if not words:
            return False
        if words[0].lower_ in FOLLOWING_PRONOUNS:
            return True
        return len(words) > 1 and words[0].lower_ in BACK_DETERMINERS and words[1].lower_ in self.review_words

    def _absorb(self, doc: Doc, review: Review, ranges: Iterable[tuple[int, int]], kinds: list[tuple[int, int, str]] | None = None) -> None:
        """Themes and status from the ranges; and a more specific kind said of the review there
        ("the local child safeguarding practice review concerning Leo" makes a CSPR an LCSPR)."""
        for start, end in ranges:
            if end <= start:
                continue
            span = doc[start:end]
            refined = self.kind_refinements.get(review.kind or "")
            if refined and any(k == refined and start <= s < end for s, _, k in kinds or []):
                review.kind = refined
            for theme, theme_start, theme_end in self._theme_matches(span):
                if self._belongs_to_another(doc, review, theme_start, theme_end, end):
                    continue
                if theme not in review.themes:
                    review.themes.append(theme)
            review.statuses.update(self._statuses_in(span))

    def _statuses_in(self, span: Span) -> set[str]:
        """The stages a span states ("will be published" is ongoing, not published: the longest phrase wins)."""
        doc = span.doc
        return {s.label_ for s in filter_spans(Span(doc, s, e, label=m) for m, s, e in matches_in(self.status, span))}

    def _themes_in(self, span: Span) -> list[str]:
        return [theme for theme, _, _ in self._theme_matches(span)]

    def _theme_matches(self, span: Span) -> list[tuple[str, int, int]]:
        matches = sorted(matches_in(self.themes, span) + matches_in(self.theme_acronyms, span), key=lambda m: (m[1], m[2]))
        return [(self.nlp.vocab.strings[m], s, e) for m, s, e in matches]

    def _belongs_to_another(self, doc: Doc, review: Review, start: int, end: int, limit: int) -> bool:
        """A theme said of another named person or entity: "the death of Jane Doe", "Ruby
        Everard's death". Names of the review itself ("the death of Child T") keep the theme."""
        owner: tuple[int, int] | None = None
        if end + 1 < limit and doc[end].lower_ in ATTRIBUTION_PREPOSITIONS:
            owner = capitalised_run(doc, end + 1, limit)
        elif start >= 2 and doc[start - 1].lower_ in POSSESSIVE_MARKS:
            first = start - 1
            while first > 0 and doc[first - 1].is_title and doc[first - 1].is_alpha:
                first -= 1
            owner = (first, start - 1) if first < start - 1 else None
        if owner is None:
            return False
        owner_words = set(name_key(span_text(doc, *owner)).split())
        review_words = {w for v in review.variants | {review.first.name} for w in name_key(v).split()}
        return bool(owner_words) and not owner_words & review_words

    def _status(self, review: Review) -> str | None:
        ranked = [s for s in self.status_order if s in review.statuses]
        return ranked[-1] if ranked else None
