"""The reviews component: finds named reviews sentence by sentence and writes `doc.spans["reviews"]`."""

from __future__ import annotations

from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .. import extensions  # noqa: F401  (declares Span._.fact)
from ..explain import drop
from ..textblocks import (
    TextBlock,
    doc_blocks,
    heading_of,
    intro_of,
    matches_in,
    sentences_in,
)
from ..tokens import token_table
from ..vocabularies import load_data
from .common import (
    ADULT_KIND,
    BACK_DETERMINERS,
    BACK_ORDINALS,
    BACK_REFERENCE_GAP,
    DEFAULT_THEMES,
    DEFAULT_VOCABULARY,
    ITEM_KINDS,
    SINGULAR_REVIEW_WORDS,
    SPAN_KEY,
    Candidate,
    Review,
    phrase_matcher,
    skip_parenthesis,
)
from .describe import Describer
from .finders import NameFinder
from .sections import SectionFinder


@Language.factory(
    "reviews",
    default_config={"vocabulary_file": DEFAULT_VOCABULARY, "themes_file": DEFAULT_THEMES, "span_key": SPAN_KEY},
)
def make_reviews(nlp: Language, name: str, vocabulary_file: str, themes_file: str, span_key: str) -> ReviewReader:
    return ReviewReader(nlp, vocabulary_file, themes_file, span_key)


class ReviewReader(NameFinder, SectionFinder, Describer):
    """Finds named reviews and gathers kind, status and themes from what is said about them."""

    def __init__(self, nlp: Language, vocabulary_file: str, themes_file: str, span_key: str) -> None:
        vocabulary = load_data(vocabulary_file)
        self.nlp = nlp
        self.span_key = span_key
        self.kinds = phrase_matcher(nlp, {**vocabulary["kinds"], ADULT_KIND: vocabulary["adult_kinds"]})
        self.not_reviews = phrase_matcher(nlp, {"NOT_REVIEW": vocabulary["not_reviews"]})
        self.national = phrase_matcher(nlp, {"NATIONAL": vocabulary["national_bodies"]})
        self.prepositions = phrase_matcher(nlp, {"PREP": vocabulary["name_prepositions"]})
        self.not_titles = phrase_matcher(nlp, {"NOT_TITLE": vocabulary["not_titles"]})
        self.not_title_heads = frozenset(vocabulary["not_title_heads"])
        self.body_nouns = frozenset(vocabulary["body_nouns"])
        self.status = phrase_matcher(nlp, vocabulary["status"])
        self.status_order: list[str] = vocabulary["status_order"]
        themes = {k: v for k, v in load_data(themes_file).items() if not k.startswith("_")}
        self.themes = phrase_matcher(nlp, {k: [p for p in v if not p.isupper()] for k, v in themes.items()})
        self.theme_acronyms = phrase_matcher(nlp, {k: [p for p in v if p.isupper()] for k, v in themes.items()}, attr="ORTH")
        self.review_words = frozenset(vocabulary["review_words"])
        self.not_names = frozenset(vocabulary["not_names"])
        self.group_nouns = frozenset(vocabulary["group_nouns"])
        self.joiners = frozenset(vocabulary["name_joiners"])
        self.names = self._name_matcher(vocabulary)
        self.verb_followers = frozenset(vocabulary["verb_followers"])
        self.adult_prefixes = frozenset(vocabulary["adult_prefixes"])
        self.default_kind: str = vocabulary["default_kind"]
        self.kind_refinements: dict[str, str] = vocabulary["kind_refinements"]

    # --- the component ------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        blocks = doc_blocks(doc)
        masked = self._masked(doc)
        kinds = [(s, e, k) for s, e, k in self._kind_matches(doc) if not masked.intersection(range(s, e))]
        kind_starts = [s for s, _, _ in kinds]
        candidates: list[Candidate] = []
        previous: list[tuple[int, int, str]] = []  # kind phrases of the sentence before
        referent: tuple[int, int] | None = None  # the sentence that named them
        for block in blocks:
            context_kind = self._list_context_kind(blocks, block, kinds)
            section = self._section_signal(doc, blocks, block, kinds, masked)
            for sentence in sentences_in(block):
                local = kinds[bisect_left(kind_starts, sentence.start) : bisect_left(kind_starts, sentence.end)]
                inherited = previous[-1][2] if previous and not local and self._refers_back(doc, sentence, masked) else None
                found = self._candidates(doc, sentence, local, masked, context_kind, block, inherited)
                if section:
                    found += self._opening_name(doc, sentence, block, kinds, blocks)
                if inherited:
                    for candidate in found:
                        candidate.referent = referent
                candidates += found
                # a sentence that referred back passes the kind on ("... two SCRs. The review of
                # Child C ... The second review, of Baby L, ...")
                if local:
                    previous, referent = local, (sentence.start, sentence.end)
                elif not inherited:
                    previous, referent = [], None
        candidates += self._cards(doc, blocks, kinds, masked)
        reviews = [r for r in self._merge(candidates) if self._childrens(doc, r)]
        self._describe(doc, blocks, reviews, kinds)
        doc.spans[self.span_key] = [self._span(doc, review) for review in reviews]
        return doc

    def _span(self, doc: Doc, review: Review) -> Span:
        span = doc[review.first.start : review.first.end]
        status = self._status(review)
        kind = review.kind or self.default_kind
        span._.fact = {"name": review.first.name, "kind": kind, "status": status, "themes": list(review.themes)}
        return span

    def _childrens(self, doc: Doc, review: Review) -> bool:
        """Adults' reviews (a SAR or DHR, 'Mr D') are not children's reviews: dropped, with the reason."""
        first = review.first
        if review.kind == ADULT_KIND or doc[first.start].lower_ in self.adult_prefixes:
            drop(doc, "reviews", doc[first.start].idx, doc[first.end - 1].idx + len(doc[first.end - 1]), "reviews.adult_review")
            return False
        return True

    # --- vocabulary matches ----------------------------------------------------------------

    def _masked(self, doc: Doc) -> set[int]:
        """Tokens of phrases that look like reviews but are not ('Review Panel', 'Child Protection Plan'),
        and review words that name a body: a kind or review word followed, perhaps after a
        bracketed abbreviation, by 'Group', 'Sub-group', 'Panel', 'Committee' ('the CSPR Group',
        'the Child Safeguarding Practice Review (CSPR) Group', 'the Rapid Review Sub-group')."""
        masked = {i for _, s, e in self.not_reviews(doc) for i in range(s, e)}
        heads = [(s, e) for _, s, e in matches_in(self.kinds, doc)] + [
            (i, i + 1) for i, lower in enumerate(token_table(doc).lower) if lower in self.review_words
        ]
        for start, end in heads:
            after = skip_parenthesis(doc, end, len(doc))
            if after < len(doc) and doc[after].lower_ in self.body_nouns:
                masked.update(range(start, after + 1))
        return masked

    def _kind_matches(self, doc: Doc) -> list[tuple[int, int, str]]:
        spans = filter_spans(Span(doc, s, e, label=m) for m, s, e in matches_in(self.kinds, doc))
        return [(span.start, span.end, span.label_) for span in spans]

    def _refers_back(self, doc: Doc, sentence: Span, masked: set[int]) -> bool:
        """The sentence opens with "This review", "The review, known as ...", "That CSPR", "A further
        review", "The second, ...": it goes on about a review the sentence before named by its kind."""
        words = [t for t in sentence if not t.is_space and not t.is_punct][: 1 + BACK_REFERENCE_GAP + 1]
        if not words or words[0].lower_ not in BACK_DETERMINERS:
            return False
        if len(words) > 1 and words[1].lower_ in BACK_ORDINALS:
            return True
        return any(t.lower_ in SINGULAR_REVIEW_WORDS and t.i not in masked for t in words[1:])

    def _list_context_kind(self, blocks: list[TextBlock], block: TextBlock, kinds: list[tuple[int, int, str]]) -> str | None:
        """A list item (or table row) under an intro or heading that names a review kind takes that kind."""
        if block.kind not in ITEM_KINDS:
            return None
        for context in (intro_of(blocks, block.index), heading_of(blocks, block.index)):
            if context is None:
                continue
            starts = [s for s, _, _ in kinds]
            inside = [k for _, _, k in kinds[bisect_left(starts, context.span.start) : bisect_left(starts, context.span.end)]]
            if inside:
                return inside[-1]
        return None

    def _national_near(self, sentence: Span) -> list[tuple[int, int]]:
        return [(s, e) for _, s, e in matches_in(self.national, sentence)]
