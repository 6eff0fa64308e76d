"""Named case reviews, once per document: `doc.spans["reviews"]`.

A review is named the way the genre names them, in a sentence that talks about reviews
(a review-kind phrase such as "CSPR" or "learning review", or the word "review"), or in a
list item under a heading or intro that names a review kind:

* a code or pseudonym after a prefix: "Child X", "Child XY", "Baby A", "Young Person B",
  "Family Z", "Child Ava";
* a first name next to the review word: "the Ava review", "Leo CSPR";
* names listed after a review kind ("two CSPRs (CSPR's), Leo and Ava") or after a
  preposition ("learning reviews were completed on Mia and Isla ..., and the Jones
  children ..."): names joined by "and" are one review of several children when the kind
  is singular, or within one comma-separated part of a longer list;
* a title in quotes in a sentence naming a review kind ("'The Myth of ...', a thematic
  review"), right before a review word ("the 'Hidden Voices' review"), or in a sentence that
  refers back to the kind the sentence before named ("... one CSPR this year. This review ...
  related to 'Ruby'"); not when the noun next to the quotes says it is something else ("the
  'Keep Me Safe' strategy", "the 'Everyone's Invited' website");
* two coded children before a singular kind ("the Child A and Child B learning review");
* names in list items and table rows under a heading naming a kind, stray spacing allowed
  ("Child  G | Published");
* a national body's review of a harm named in the themes vocabulary ("the Ofsted review of
  sexual abuse in schools", "Ofsted as part of their rapid review of sexual violence ...");
  a review of a service or system is not a case review.

A capitalised word vouched for by nothing but its position ("the Thresholds Review") is a
name only if the document never writes it in lower case: pseudonyms never are, common words
usually are somewhere.

Phrases that contain review words but name something else ("Child Safeguarding Practice
Review Panel", "Child Protection Plan", "Child Death Overview Panel", "Child in Need") are
masked, and so is a kind that names a body ("the CSPR Group", "Case Review Sub-group"). Each span is the review's first mention; `_.fact` = {"name", "kind", "status",
"themes"}. Kind comes from the nearest kind phrase (the list's heading for list items,
and any later mention if the first has none); status and themes come from every sentence
that mentions the review, clipped to the review's part of sentences that name several,
plus the following sentence when it names no other review; a theme said of another named
person ("the death of Jane Doe") is not the review's.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from . import extensions  # noqa: F401  (declares Span._.fact)
from .textblocks import (
    LIST_KIND,
    TextBlock,
    block_of,
    doc_blocks,
    heading_of,
    intro_of,
    load_data,
    matches_in,
    sentence_of,
    sentences_in,
)

SPAN_KEY = "reviews"
DEFAULT_VOCABULARY = "review_kinds.json"
DEFAULT_THEMES = "themes.json"
NATIONAL_KIND = "national review"
NATIONAL_DEFAULT_STATUS = "published"  # national reviews are cited once published
MAX_QUOTED_TOKENS = 12
MAX_NAME_TOKENS = 3  # consecutive capitalised words in one name ("Mia Rose")
MAX_PREPOSITION_GAP = 6  # "learning reviews were also completed on ..."
MAX_BODY_GAP = 4  # "Ofsted's recent thematic review of ..."
MAX_TOPIC_TOKENS = 20
MAX_CLAUSE_TOKENS = 15  # a relative clause after a name, before the next name in a list
# The tokenizer keeps a sentence's full stop on a capital letter ("... about Child T."), so a
# code token may end in "."; the stop is left out of the name.
CODE_TOKEN_PATTERN = r"^[A-Z]{1,2}\d{0,2}\.?$"
OPEN_QUOTES = frozenset({"‘", "'", "“", '"', "`", "``"})
CLOSE_QUOTES = frozenset({"’", "'", "”", '"', "''"})
LIST_SEPARATORS = frozenset({",", ":", "-", "–", "—", "(", ";"})
ITEM_NAME_ENDS = frozenset({":", "-", "–", "—", "(", ",", ".", "|"})
TOPIC_STOPS = frozenset({"which", "that", "who", "where", "published", "found", "highlighted", "shows", "showed", "was", "were", "is", "has", "had"})
TOPIC_PREPOSITIONS = frozenset({"of", "into", "on"})
STOP_THE = frozenset({"the", "child", "review"})
TABLE_KIND = "table"
ITEM_KINDS = frozenset({LIST_KIND, TABLE_KIND})  # blocks whose items (rows) take the kind of their heading
# "This review, published in April, related to ... 'Ruby'": a sentence opening with a
# determiner and a singular review word goes on about the review the sentence before named.
BACK_DETERMINERS = frozenset({"this", "that", "the"})
BACK_REFERENCE_GAP = 1  # "The first review", "This second CSPR"
SINGULAR_REVIEW_WORDS = frozenset({"review", "cspr", "lcspr", "scr"})
# "Ofsted as part of their rapid review of ...": a national body's review may be several words
# away when a possessive pronoun ties the review back to the body.
MAX_BODY_GAP_WIDE = 8
POSSESSIVES = frozenset({"their", "its", "his", "her"})
MAX_POSSESSIVE_MODIFIERS = 3  # "their rapid review", "its recent national thematic review"
# A theme followed by "of/to <Name>" belongs to that named person ("the death of Jane Doe"),
# not to the review the sentence goes on to name.
ATTRIBUTION_PREPOSITIONS = frozenset({"of", "to", "for"})
POSSESSIVE_MARKS = frozenset({"'s", "’s"})


@dataclass
class Candidate:
    """A review name found in the text."""

    start: int
    end: int
    name: str
    kind: str | None
    variants: tuple[str, ...] = ()


@dataclass
class Review:
    key: str
    first: Candidate
    kind: str | None
    variants: set[str] = field(default_factory=set)
    statuses: set[str] = field(default_factory=set)
    themes: list[str] = field(default_factory=list)


@Language.factory(
    "reviews",
    default_config={"vocabulary_file": DEFAULT_VOCABULARY, "themes_file": DEFAULT_THEMES, "span_key": SPAN_KEY},
)
def make_reviews(nlp: Language, name: str, vocabulary_file: str, themes_file: str, span_key: str) -> ReviewReader:
    return ReviewReader(nlp, vocabulary_file, themes_file, span_key)


class ReviewReader:
    """Finds named reviews and gathers kind, status and themes from what is said about them."""

    def __init__(self, nlp: Language, vocabulary_file: str, themes_file: str, span_key: str) -> None:
        vocabulary = load_data(vocabulary_file)
        self.nlp = nlp
        self.span_key = span_key
        self.kinds = _phrases(nlp, vocabulary["kinds"])
        self.not_reviews = _phrases(nlp, {"NOT_REVIEW": vocabulary["not_reviews"]})
        self.national = _phrases(nlp, {"NATIONAL": vocabulary["national_bodies"]})
        self.prepositions = _phrases(nlp, {"PREP": vocabulary["name_prepositions"]})
        self.not_titles = _phrases(nlp, {"NOT_TITLE": vocabulary["not_titles"]})
        self.not_title_heads = frozenset(vocabulary["not_title_heads"])
        self.body_nouns = frozenset(vocabulary["body_nouns"])
        self.status = _phrases(nlp, vocabulary["status"])
        self.status_order: list[str] = vocabulary["status_order"]
        themes = {k: v for k, v in load_data(themes_file).items() if not k.startswith("_")}
        self.themes = _phrases(nlp, {k: [p for p in v if not p.isupper()] for k, v in themes.items()})
        self.theme_acronyms = _phrases(nlp, {k: [p for p in v if p.isupper()] for k, v in themes.items()}, attr="ORTH")
        self.review_words = frozenset(vocabulary["review_words"])
        self.not_names = frozenset(vocabulary["not_names"])
        self.group_nouns = frozenset(vocabulary["group_nouns"])
        self.joiners = frozenset(vocabulary["name_joiners"])
        self.names = self._name_matcher(vocabulary)

    # --- the component ------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        blocks = doc_blocks(doc)
        masked = self._masked(doc)
        kinds = [(s, e, k) for s, e, k in self._kind_matches(doc) if not masked.intersection(range(s, e))]
        kind_starts = [s for s, _, _ in kinds]
        candidates: list[Candidate] = []
        previous: list[tuple[int, int, str]] = []  # kind phrases of the sentence before
        for block in blocks:
            context_kind = self._list_context_kind(blocks, block, kinds)
            for sentence in sentences_in(block):
                local = kinds[bisect_left(kind_starts, sentence.start) : bisect_left(kind_starts, sentence.end)]
                inherited = previous[-1][2] if previous and not local and self._refers_back(doc, sentence, masked) else None
                candidates += self._candidates(doc, sentence, local, masked, context_kind, block, inherited)
                previous = local
        reviews = self._merge(candidates)
        self._describe(doc, blocks, reviews, kinds)
        doc.spans[self.span_key] = [self._span(doc, review) for review in reviews]
        return doc

    def _span(self, doc: Doc, review: Review) -> Span:
        span = doc[review.first.start : review.first.end]
        status = self._status(review)
        span._.fact = {"name": review.first.name, "kind": review.kind, "status": status, "themes": list(review.themes)}
        return span

    # --- vocabulary matches ----------------------------------------------------------------

    def _masked(self, doc: Doc) -> set[int]:
        """Tokens of phrases that look like reviews but are not ('Review Panel', 'Child Protection Plan'),
        and review words that name a body: a kind or review word followed, perhaps after a
        bracketed abbreviation, by 'Group', 'Sub-group', 'Panel', 'Committee' ('the CSPR Group',
        'the Child Safeguarding Practice Review (CSPR) Group', 'the Rapid Review Sub-group')."""
        masked = {i for _, s, e in self.not_reviews(doc) for i in range(s, e)}
        heads = [(s, e) for _, s, e in matches_in(self.kinds, doc)] + [(t.i, t.i + 1) for t in doc if t.lower_ in self.review_words]
        for start, end in heads:
            after = _skip_parenthesis(doc, end, len(doc))
            if after < len(doc) and doc[after].lower_ in self.body_nouns:
                masked.update(range(start, after + 1))
        return masked

    def _kind_matches(self, doc: Doc) -> list[tuple[int, int, str]]:
        spans = filter_spans(Span(doc, s, e, label=m) for m, s, e in matches_in(self.kinds, doc))
        return [(span.start, span.end, span.label_) for span in spans]

    def _refers_back(self, doc: Doc, sentence: Span, masked: set[int]) -> bool:
        """The sentence opens with "This review", "The review, known as ...", "That CSPR": it goes
        on about the review the sentence before named by its kind."""
        words = [t for t in sentence if not t.is_space and not t.is_punct][: 1 + BACK_REFERENCE_GAP + 1]
        if not words or words[0].lower_ not in BACK_DETERMINERS:
            return False
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

    # --- names --------------------------------------------------------------------------

    def _name_matcher(self, vocabulary: dict[str, Any]) -> Matcher:
        matcher = Matcher(self.nlp.vocab)
        name = {"IS_TITLE": True, "IS_ALPHA": True, "LENGTH": {">=": 2}, "LOWER": {"NOT_IN": sorted(self.not_names)}}
        code = {"TEXT": {"REGEX": CODE_TOKEN_PATTERN}}
        prefixes = [p.split() for p in vocabulary["name_prefixes"]]
        stray_space = {"IS_SPACE": True, "TEXT": {"REGEX": r"^[^\n]+$"}, "OP": "*"}  # "Child  G" in a table cell, never across lines
        coded = [[{"LOWER": w} for w in p] + [stray_space, code] for p in prefixes]
        matcher.add("CODE", coded)
        matcher.add("CHILD_NAME", [[{"LOWER": {"IN": ["child", "baby"]}, "IS_TITLE": True}, name]])
        heads = sorted(self.review_words)
        matcher.add(
            "NAME_REVIEW",
            [
                [name, {"LOWER": {"IN": heads}}],
                [name, name, {"LOWER": {"IN": heads}}],
                [name, {"LOWER": {"IN": ["'s", "’s"]}}, {"LOWER": {"IN": heads}}],
                [name, {"LOWER": "safeguarding"}, {"LOWER": "practice"}, {"LOWER": {"IN": ["review", "reviews"]}}],
            ],
        )
        matcher.add("GROUP", [[{"LOWER": "the"}, name, {"LOWER": {"IN": sorted(self.group_nouns - {"case"})}}]])
        return matcher

    def _is_name_token(self, doc: Doc, i: int, strict: bool = True) -> bool:
        """A capitalised word that can be a child's name or pseudonym.

        Strict (no 'Child' prefix to vouch for it): the word must also never appear in lower
        case in the document, since a pseudonym is never written in lower case while a common
        word capitalised in a heading ('Thresholds Review') usually is somewhere.
        """
        token = doc[i]
        if not (token.is_title and token.is_alpha and len(token) >= 2):
            return False
        if token.lower_ in self.not_names or token.is_stop:
            return False
        return not strict or token.lower_ not in _lower_case_words(doc)

    def _candidates(
        self,
        doc: Doc,
        sentence: Span,
        kinds: list[tuple[int, int, str]],
        masked: set[int],
        context_kind: str | None,
        block: TextBlock,
        inherited_kind: str | None = None,
    ) -> list[Candidate]:
        """Review names in one sentence (or list item) that talks about reviews.

        `inherited_kind` is the kind named in the sentence before, for a sentence that refers
        back to it ("... one CSPR this year. This review ... 'Ruby'").
        """
        review_word = any(t.lower_ in self.review_words and t.i not in masked for t in sentence)
        if not (kinds or review_word or context_kind):
            return []
        found: list[Candidate] = []
        found += self._listed_after_kinds(doc, sentence, kinds, masked)
        found += self._national_topics(doc, sentence, masked)
        if kinds or inherited_kind:
            found += self._quoted(doc, sentence, kinds, inherited_kind)
        elif review_word:  # "the 'Hidden Voices' review": a quoted title right before the review word
            found += [c for c in self._quoted(doc, sentence, kinds) if self._review_word_at(doc, c.end + 1, masked)]
        if context_kind and _opens_item(doc, block, sentence):
            found += self._item_name(doc, sentence, kinds, context_kind)
        found += self._joined_codes(doc, sentence, kinds, masked)
        found += self._patterned(doc, sentence, kinds, masked, context_kind or inherited_kind)
        return _without_overlaps(found)

    def _review_word_at(self, doc: Doc, i: int, masked: set[int]) -> bool:
        return i < len(doc) and doc[i].lower_ in self.review_words and i not in masked

    def _joined_codes(self, doc: Doc, sentence: Span, kinds: list[tuple[int, int, str]], masked: set[int]) -> list[Candidate]:
        """"Child A and Child B learning review": two coded children before a singular kind are one review."""
        codes = [(s, e) for m, s, e in matches_in(self.names, sentence) if self.nlp.vocab.strings[m] == "CODE" and not masked.intersection(range(s, e))]
        found = []
        for (a_start, a_end), (b_start, b_end) in pairwise(codes):
            if b_start != a_end + 1 or doc[a_end].lower_ not in self.joiners or b_end >= sentence.end:
                continue
            kind = next((k for s, e, k in kinds if s == b_end and not _plural(doc[e - 1].lower_)), None)
            if kind is None and not (doc[b_end].lower_ in SINGULAR_REVIEW_WORDS and b_end not in masked):
                continue
            variants = (_span_text(doc, a_start, a_end), _span_text(doc, b_start, b_end))
            found.append(Candidate(a_start, b_end, _span_text(doc, a_start, b_end), kind or _nearest_kind(a_start, b_end, kinds), variants))
        return found

    def _patterned(
        self, doc: Doc, sentence: Span, kinds: list[tuple[int, int, str]], masked: set[int], context_kind: str | None
    ) -> list[Candidate]:
        found = []
        for match_id, start, end in matches_in(self.names, sentence):
            label = self.nlp.vocab.strings[match_id]
            if masked.intersection(range(start, end)):
                continue
            if label in {"NAME_REVIEW", "GROUP"} and not all(
                self._is_name_token(doc, i) for i in range(start, end) if doc[i].is_title and doc[i].lower_ != "the"
            ):
                continue
            if label == "NAME_REVIEW":
                name_end = next(i for i in range(start, end) if not self._is_name_token(doc, i))
                found.append(self._candidate(doc, start, name_end, kinds, context_kind))
            elif label == "CHILD_NAME":
                found.append(self._candidate(doc, start + 1, end, kinds, context_kind, variants=(doc[start:end].text,)))
            else:
                found.append(self._candidate(doc, start, end, kinds, context_kind))
        return found

    def _candidate(
        self,
        doc: Doc,
        start: int,
        end: int,
        kinds: list[tuple[int, int, str]],
        context_kind: str | None,
        variants: tuple[str, ...] = (),
    ) -> Candidate:
        kind = _nearest_kind(start, end, kinds) or context_kind
        name = _span_text(doc, start, end)
        raw = doc[start:end].text
        return Candidate(start, end, name, kind, variants + ((raw,) if raw != name else ()))

    def _listed_after_kinds(
        self, doc: Doc, sentence: Span, kinds: list[tuple[int, int, str]], masked: set[int]
    ) -> list[Candidate]:
        """'two CSPRs (CSPR's), Leo and Ava'; 'learning reviews were completed on Mia and Isla, and ...'."""
        found: list[Candidate] = []
        heads = list(kinds) + [
            (t.i, t.i + 1, None) for t in sentence if t.lower_ in self.review_words and t.i not in masked
        ]
        for start, end, kind in heads:
            plural = doc[end - 1].lower_.endswith(("s", "'s", "’s")) or doc[end - 1].lower_ in {"'s", "’s"}
            after = _skip_parenthesis(doc, end, sentence.end)
            if after < sentence.end and doc[after].text in LIST_SEPARATORS and doc[after].text != "(":
                found += self._name_list(doc, after + 1, sentence.end, kind, joint=False)
                continue
            preposition = self._preposition_after(doc, end, sentence.end)
            if preposition is not None:
                found += self._name_list(doc, preposition, sentence.end, kind, joint=not plural, by_parts=plural)
        return [c for c in found if not masked.intersection(range(c.start, c.end))]

    def _preposition_after(self, doc: Doc, start: int, end: int) -> int | None:
        window_end = min(end, start + MAX_PREPOSITION_GAP + 1)
        for _, s, e in matches_in(self.prepositions, doc[start:window_end]):
            if not any(doc[i].is_punct for i in range(start, s)):
                return e
        return None

    def _name_list(
        self, doc: Doc, start: int, end: int, kind: str | None, joint: bool, by_parts: bool = False
    ) -> list[Candidate]:
        """Names from `start`: 'A, B and C' (each a review), or 'A and B' as one review when joint.

        With `by_parts`, 'A and B, and C' gives two reviews: 'A and B', and 'C'.
        """
        units: list[tuple[int, int, bool]] = []  # (start, end, joined to the previous by a bare 'and')
        i = start
        while i < end:
            unit_end = self._name_unit(doc, i, end)
            if unit_end is None:
                break
            joined = bool(units) and doc[i - 1].lower_ in self.joiners and doc[i - 2].text != ","
            units.append((i, unit_end, joined))
            i = unit_end
            if i < end and doc[i].lower_ in self.joiners:
                i += 1
            elif i + 1 < end and doc[i].text == "," and doc[i + 1].lower_ in self.joiners:
                i += 2
            elif i < end and doc[i].text == ",":
                i += 1
            else:
                resumed = self._after_clause(doc, i, end)
                if resumed is None:
                    break
                i = resumed
        if not units:
            return []
        groups = _group_units(units, joint=joint, by_parts=by_parts and any(not j for j in (u[2] for u in units[1:])))
        groups = [_inside_quotes(doc, a, b) for a, b in groups]
        return [Candidate(a, b, _span_text(doc, a, b), kind, self._unit_variants(doc, a, b) + self._raw_variant(doc, a, b)) for a, b in groups]

    def _after_clause(self, doc: Doc, i: int, end: int) -> int | None:
        """Past a relative clause ('Mia and Isla who suffered neglect, and the Jones children'):
        the next name after a comma, or None when no name follows."""
        for j in range(i, min(end, i + MAX_CLAUSE_TOKENS)):
            if doc[j].text in {",", ";"}:
                k = j + 1
                if k < end and doc[k].lower_ in self.joiners:
                    k += 1
                return k if k < end and self._name_unit(doc, k, end) is not None else None
            if doc[j].is_punct and doc[j].text not in {"-", "'s", "’s"}:
                return None
        return None

    def _name_unit(self, doc: Doc, i: int, end: int) -> int | None:
        """The end of one name starting at token i: 'Child X', 'Ava', 'the Jones children', a quoted name."""
        token = doc[i]
        j = i + 1
        while j < end and doc[j].is_space and "\n" not in doc[j].text:
            j += 1  # "Child  G": stray spacing from a PDF or table cell
        if token.lower_ in {"child", "baby"} and j < end and (self._is_name_token(doc, j, strict=False) or _is_code(doc[j].text)):
            return j + 1
        if token.lower_ == "the" and i + 2 < end and self._is_name_token(doc, i + 1) and doc[i + 2].lower_ in self.group_nouns:
            return i + 3
        if token.text in OPEN_QUOTES:
            close = _closing_quote(doc, i, end)
            return close + 1 if close is not None and close > i + 1 and self._is_review_title(doc, i + 1, close) else None
        if self._is_name_token(doc, i):
            j = i
            while j < end and j - i < MAX_NAME_TOKENS and self._is_name_token(doc, j):
                j += 1
            if j < end and doc[j].lower_ in self.group_nouns:
                j += 1
            return j
        return None

    def _unit_variants(self, doc: Doc, start: int, end: int) -> tuple[str, ...]:
        """Other ways the text may refer to the same review later: each child's name."""
        names = tuple(doc[i].text for i in range(start, end) if self._is_name_token(doc, i))
        return names if len(names) > 1 else ()

    def _quoted(
        self, doc: Doc, sentence: Span, kinds: list[tuple[int, int, str]], inherited_kind: str | None = None
    ) -> list[Candidate]:
        """'Ruby' or 'The Myth of ...' in quotes, in a sentence that names a review kind (or
        refers back to the review the sentence before named)."""
        found = []
        national = self._national_near(sentence)
        i = sentence.start
        while i < sentence.end:
            if doc[i].text in OPEN_QUOTES:
                close = _closing_quote(doc, i, sentence.end)
                if close is not None and close > i + 1 and self._is_review_title(doc, i + 1, close):
                    kind = NATIONAL_KIND if national else (_nearest_kind(i, close + 1, kinds) or inherited_kind)
                    found.append(Candidate(i + 1, close, _span_text(doc, i + 1, close), kind))
                    i = close
            i += 1
        return found

    def _is_review_title(self, doc: Doc, start: int, end: int) -> bool:
        """Quoted words that can name a review: capitalised, not a kind phrase, not guidance or an
        event, and not the name of something else that the word next to the quotes says it is
        ("the 'Keep Me Safe' strategy", "the 'Everyone's Invited' website", "the campaign 'Think Family'")."""
        span = doc[start:end]
        if not doc[start].is_title or matches_in(self.kinds, span) or matches_in(self.not_titles, span):
            return False
        after = doc[end + 1] if end + 1 < len(doc) else None
        before = doc[start - 2] if start >= 2 else None
        return not any(t is not None and t.lower_ in self.not_title_heads for t in (after, before))

    def _national_topics(self, doc: Doc, sentence: Span, masked: set[int]) -> list[Candidate]:
        """'the Ofsted review of sexual abuse in schools and colleges': a national review known by its topic."""
        found = []
        for body_start, body_end in self._national_near(sentence):
            start = body_start + 1 if doc[body_start].lower_ == "the" else body_start
            head = next(
                (
                    i
                    for i in range(body_end, min(body_end + MAX_BODY_GAP + 1, sentence.end))
                    if doc[i].lower_ in {"review", "reviews"}
                ),
                None,
            )
            if head is None:
                head, start = _possessive_review(doc, body_end, sentence.end)
            if head is None or head + 1 >= sentence.end or doc[head + 1].lower_ not in TOPIC_PREPOSITIONS:
                continue
            if any(doc[i].is_punct and doc[i].text not in {"'s", "’s", "-"} for i in range(body_end, head)):
                continue
            end = head + 2
            while end < min(sentence.end, head + MAX_TOPIC_TOKENS) and not _ends_topic(doc[end]):
                end += 1
            if self._themes_in(doc[head:end]):  # a review of a harm, not of a service or system
                found.append(Candidate(start, end, doc[start:end].text, NATIONAL_KIND))
        return found

    def _item_name(self, doc: Doc, sentence: Span, kinds: list[tuple[int, int, str]], context_kind: str) -> list[Candidate]:
        """A list item or table row under a review heading that opens with a name: 'Child A – published
        June 2023', 'Child  G | CSPR | Published'. A kind in the item itself beats the heading's."""
        start = sentence.start
        end = self._name_unit(doc, start, sentence.end)
        if end is None:
            return []
        if end < sentence.end and doc[end].text not in ITEM_NAME_ENDS:
            return []
        start, end = _inside_quotes(doc, start, end)
        kind = _nearest_kind(start, end, kinds) or context_kind
        return [Candidate(start, end, _span_text(doc, start, end), kind, self._unit_variants(doc, start, end) + self._raw_variant(doc, start, end))]

    def _raw_variant(self, doc: Doc, start: int, end: int) -> tuple[str, ...]:
        """The name as written when it has stray spacing ('Child  G'), so later mentions are found."""
        raw = doc[start:end].text
        return (raw,) if raw != _span_text(doc, start, end) else ()

    # --- merging and describing -----------------------------------------------------------

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
        return list(reviews.values())

    def _describe(self, doc: Doc, blocks: list[TextBlock], reviews: list[Review], kinds: list[tuple[int, int, str]]) -> None:
        """Status and themes from every sentence that mentions each review."""
        if not reviews:
            return
        mentions = self._mentions(doc, reviews)
        review_words = {t.i for t in doc if t.lower_ in self.review_words} | {s for s, _, _ in kinds}
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
                self._absorb(doc, reviews[index], [shared_prefix, (start, segment_end)])
            following = self._following_sentence(doc, blocks, s_start, s_end, mentions, review_words)
            if following is not None:
                self._absorb(doc, reviews[inside[-1][2]], [following])
        for review in reviews:
            if review.kind == NATIONAL_KIND and not review.statuses:
                review.statuses.add(NATIONAL_DEFAULT_STATUS)

    def _mentions(self, doc: Doc, reviews: list[Review]) -> list[tuple[int, int, int]]:
        matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        for index, review in enumerate(reviews):
            matcher.add(str(index), list(self.nlp.tokenizer.pipe(sorted(review.variants))))
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
        if following is None:
            return None
        span = range(following.start, following.end)
        if any(m[0] in span for m in mentions) or any(i in span for i in review_words):
            return None
        return following.start, following.end

    def _absorb(self, doc: Doc, review: Review, ranges: Iterable[tuple[int, int]]) -> None:
        for start, end in ranges:
            if end <= start:
                continue
            span = doc[start:end]
            for theme, theme_start, theme_end in self._theme_matches(span):
                if self._belongs_to_another(doc, review, theme_start, theme_end, end):
                    continue
                if theme not in review.themes:
                    review.themes.append(theme)
            statuses = filter_spans(Span(doc, s, e, label=m) for m, s, e in matches_in(self.status, span))
            review.statuses.update(s.label_ for s in statuses)

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
            owner = _capitalised_run(doc, end + 1, limit)
        elif start >= 2 and doc[start - 1].lower_ in POSSESSIVE_MARKS:
            first = start - 1
            while first > 0 and doc[first - 1].is_title and doc[first - 1].is_alpha:
                first -= 1
            owner = (first, start - 1) if first < start - 1 else None
        if owner is None:
            return False
        owner_words = set(name_key(_span_text(doc, *owner)).split())
        review_words = {w for v in review.variants | {review.first.name} for w in name_key(v).split()}
        return bool(owner_words) and not owner_words & review_words

    def _status(self, review: Review) -> str | None:
        ranked = [s for s in self.status_order if s in review.statuses]
        return ranked[-1] if ranked else None


# --- helpers -------------------------------------------------------------------------------


def name_key(name: str) -> str:
    """How names are compared for de-duplication: lower case, without quotes, 'the', 'child', 'review'."""
    words = "".join(c.lower() if c.isalnum() else " " for c in name).split()
    return " ".join(w for w in words if w not in STOP_THE)


def _phrases(nlp: Language, phrases: dict[str, list[str]], attr: str = "LOWER") -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab, attr=attr)
    for label, words in phrases.items():
        if words:
            matcher.add(label, list(nlp.tokenizer.pipe(words)))
    return matcher


def _nearest_kind(start: int, end: int, kinds: list[tuple[int, int, str]]) -> str | None:
    if not kinds:
        return None
    distance = lambda k: k[0] - end if k[0] >= end else start - k[1]
    return min(kinds, key=lambda k: (max(distance(k), 0), k[0] < start))[2]


def _lower_case_words(doc: Doc) -> frozenset[str]:
    """Words the document writes in lower case somewhere (cached on the Doc)."""
    key = "reviews:lower_case_words"
    cached = doc.user_data.get(key)
    if cached is None or cached[0] != len(doc):
        cached = (len(doc), frozenset(t.lower_ for t in doc if t.is_lower and t.is_alpha))
        doc.user_data[key] = cached
    return cached[1]


def _is_code(text: str) -> bool:
    return bool(re.match(CODE_TOKEN_PATTERN, text))


def _skip_parenthesis(doc: Doc, i: int, end: int) -> int:
    """Past '(CSPR's)' after a kind phrase."""
    if i < end and doc[i].text == "(":
        for j in range(i + 1, min(end, i + 8)):
            if doc[j].text == ")":
                return j + 1
    return i


def _span_text(doc: Doc, start: int, end: int) -> str:
    """A name as one line with single spaces ('Child  G' in a table cell -> 'Child G'), without
    the full stop the tokenizer leaves on a final code ('Child T.' -> 'Child T')."""
    text = " ".join(doc[start:end].text.split())
    if end > start and doc[end - 1].text.endswith(".") and _is_code(doc[end - 1].text):
        text = text[:-1]
    return text


def _plural(word: str) -> bool:
    return word.endswith(("s", "'s", "’s"))


def _opens_item(doc: Doc, block: TextBlock, sentence: Span) -> bool:
    """The sentence opens a list item, or a table row other than the header row."""
    if block.kind == LIST_KIND:
        return sentence.start == block.span.start
    if block.kind == TABLE_KIND:
        return sentence.start != block.span.start and sentence.start > 0 and "\n" in doc[sentence.start - 1].text_with_ws
    return False


def _capitalised_run(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The capitalised words (with codes: 'Child T') starting at `start`, or None."""
    i = start
    while i < end and (doc[i].is_title or _is_code(doc[i].text)) and doc[i].is_alpha:
        i += 1
    return (start, i) if i > start else None


def _possessive_review(doc: Doc, body_end: int, end: int) -> tuple[int | None, int]:
    """'Ofsted as part of their rapid review of ...': the review word after a possessive that
    refers back to the body, within a wider window; and where the review's name starts."""
    for i in range(body_end, min(end, body_end + MAX_BODY_GAP_WIDE)):
        if doc[i].is_punct:
            break
        if doc[i].lower_ not in POSSESSIVES:
            continue
        for j in range(i + 1, min(end, i + 2 + MAX_POSSESSIVE_MODIFIERS)):
            if doc[j].lower_ in {"review", "reviews"}:
                return j, i + 1
            if not doc[j].is_alpha and doc[j].text != "-":
                break
        break
    return None, body_end


def _closing_quote(doc: Doc, i: int, end: int) -> int | None:
    for j in range(i + 1, min(end, i + MAX_QUOTED_TOKENS + 2)):
        if doc[j].text in CLOSE_QUOTES:
            return j
    return None


def _ends_topic(token: Any) -> bool:
    return (token.is_punct and token.text not in {"-", "'s", "’s"}) or token.lower_ in TOPIC_STOPS


def _group_units(units: list[tuple[int, int, bool]], joint: bool, by_parts: bool) -> list[tuple[int, int]]:
    """Join units into reviews: all into one when joint, by comma-separated parts when by_parts."""
    if joint and not by_parts:
        return [(units[0][0], units[-1][1])]
    if not by_parts:
        return [(a, b) for a, b, _ in units]
    groups: list[tuple[int, int]] = []
    for a, b, joined in units:
        if joined and groups:
            groups[-1] = (groups[-1][0], b)
        else:
            groups.append((a, b))
    return groups


def _inside_quotes(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """A quoted name without its quote marks."""
    if end - start > 2 and doc[start].text in OPEN_QUOTES and doc[end - 1].text in CLOSE_QUOTES:
        return start + 1, end - 1
    return start, end


def _without_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Earlier rules (lists, titles) win over single patterns covering the same tokens."""
    kept: list[Candidate] = []
    taken: set[int] = set()
    for candidate in candidates:
        tokens = set(range(candidate.start, candidate.end))
        if tokens & taken:
            continue
        kept.append(candidate)
        taken |= tokens
    return kept


def fact_rows(doc: Doc, span_key: str = SPAN_KEY) -> list[dict[str, Any]]:
    """The facts of a processed Doc, in span order (handy for tests and debugging)."""
    return [dict(span._.fact) for span in doc.spans.get(span_key, [])]
