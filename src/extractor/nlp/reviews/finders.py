"""The forms in which the genre names a review: codes and pseudonyms after a prefix, names next to
the review word, names listed after a kind, quoted titles, list items and table rows under a
review heading, and national reviews known by their topic."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..explain import drop
from ..grammar.names import CODE_TOKEN_PATTERN, OPEN_QUOTES, case_code_end, is_code
from ..matching import LexicalMatcher
from ..textblocks import TextBlock, matches_in
from ..tokens import token_table
from .common import (
    CHILD_PREFIXES,
    ITEM_NAME_ENDS,
    LIST_SEPARATORS,
    MAX_BODY_GAP,
    MAX_CLAUSE_TOKENS,
    MAX_CODE_TOKENS,
    MAX_NAME_TOKENS,
    MAX_PREPOSITION_GAP,
    MAX_TOPIC_TOKENS,
    NATIONAL_KIND,
    SINGULAR_REVIEW_WORDS,
    TOPIC_PREPOSITIONS,
    Candidate,
    ReaderBase,
    closing_quote,
    ends_topic,
    group_units,
    inside_quotes,
    is_plural,
    lower_case_words,
    nearest_kind,
    opens_item,
    possessive_review,
    skip_parenthesis,
    span_text,
    without_overlaps,
    word_counts,
)


class NameFinder(ReaderBase):
    """Mixin of ReviewReader: the candidate names in one sentence or list item."""

    def _name_matcher(self, vocabulary: dict[str, Any]) -> Matcher:
        matcher = LexicalMatcher(self.nlp.vocab)
        name = {"IS_TITLE": True, "IS_ALPHA": True, "LENGTH": {">=": 2}, "LOWER": {"NOT_IN": sorted(self.not_names)}}
        matcher.add("CODE", self._coded_patterns(vocabulary))
        matcher.add("CHILD_NAME", [[{"LOWER": {"IN": sorted(CHILD_PREFIXES)}, "IS_TITLE": True}, name]])
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

    def _coded_patterns(self, vocabulary: dict[str, Any]) -> list[list[dict[str, Any]]]:
        """'Child G', 'Young Person A', 'Child R1/R2', and after a plural prefix 'Children D and E',
        'Siblings A, B and C'."""
        code = {"TEXT": {"REGEX": CODE_TOKEN_PATTERN}}
        stray_space = {"IS_SPACE": True, "TEXT": {"REGEX": r"^[^\n]+$"}, "OP": "*"}  # "Child  G" in a table cell, never across lines
        joiner = {"LOWER": {"IN": sorted(self.joiners)}}
        patterns = []
        for prefix in vocabulary["name_prefixes"]:
            head = [{"LOWER": w} for w in prefix.split()] + [stray_space, code]
            patterns += [head, head + [{"ORTH": "/"}, code], head + [{"ORTH": "/"}, code, {"ORTH": "/"}, code]]
            if prefix in vocabulary["plural_prefixes"]:
                patterns += [head + [joiner, code], head + [{"ORTH": ","}, code, joiner, code]]
        return patterns

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
        return not strict or token.lower_ not in lower_case_words(doc)

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
        lower = token_table(sentence.doc).lower
        review_word = any(lower[i] in self.review_words and i not in masked for i in range(sentence.start, sentence.end))
        if not (kinds or review_word or context_kind or inherited_kind):
            return []
        found: list[Candidate] = []
        found += self._listed_after_kinds(doc, sentence, kinds, masked, inherited_kind)
        topics = sorted(self._national_topics(doc, sentence, masked), key=lambda c: c.start - c.end)
        for topic in without_overlaps(topics):  # unnamed, so not a row (LABELLING.md)
            drop(doc, "reviews", doc[topic.start].idx, doc[topic.end - 1].idx + len(doc[topic.end - 1]), "reviews.unnamed_national")
        if kinds or inherited_kind:
            found += self._quoted(doc, sentence, kinds, inherited_kind)
        elif review_word:  # "the 'Hidden Voices' review": a quoted title right before the review word
            found += [c for c in self._quoted(doc, sentence, kinds) if self._review_word_at(doc, c.end + 1, masked)]
        if context_kind and opens_item(doc, block, sentence):
            found += self._item_name(doc, sentence, kinds, context_kind)
        found += self._joined_codes(doc, sentence, kinds, masked)
        found += self._patterned(doc, sentence, kinds, masked, context_kind or inherited_kind, block)
        return without_overlaps(found)

    def _review_word_at(self, doc: Doc, i: int, masked: set[int]) -> bool:
        return i < len(doc) and doc[i].lower_ in self.review_words and i not in masked

    def _joined_codes(self, doc: Doc, sentence: Span, kinds: list[tuple[int, int, str]], masked: set[int]) -> list[Candidate]:
        """ "Child A and Child B learning review": two coded children before a singular kind are one review."""
        codes = [
            (s, e) for m, s, e in matches_in(self.names, sentence) if self.nlp.vocab.strings[m] == "CODE" and not masked.intersection(range(s, e))
        ]
        found = []
        for (a_start, a_end), (b_start, b_end) in pairwise(codes):
            if b_start != a_end + 1 or doc[a_end].lower_ not in self.joiners or b_end >= sentence.end:
                continue
            kind = next((k for s, e, k in kinds if s == b_end and not is_plural(doc[e - 1].lower_)), None)
            if kind is None and not (doc[b_end].lower_ in SINGULAR_REVIEW_WORDS and b_end not in masked):
                continue
            variants = (span_text(doc, a_start, a_end), span_text(doc, b_start, b_end))
            found.append(Candidate(a_start, b_end, span_text(doc, a_start, b_end), kind or nearest_kind(a_start, b_end, kinds), variants))
        return found

    def _patterned(
        self, doc: Doc, sentence: Span, kinds: list[tuple[int, int, str]], masked: set[int], context_kind: str | None, block: TextBlock
    ) -> list[Candidate]:
        found = []
        for label, start, end in self._longest_codes(doc, sentence):
            if masked.intersection(range(start, end)):
                continue
            if label == "NAME_REVIEW" and self._verb_reviews(doc, end):
                drop(doc, "reviews", doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), "reviews.verb")
                continue
            if label in {"NAME_REVIEW", "GROUP"} and not all(
                self._is_name_token(doc, i) for i in range(start, end) if doc[i].is_title and doc[i].lower_ != "the"
            ):
                continue
            if label == "NAME_REVIEW":
                name_end = next(i for i in range(start, end) if not self._is_name_token(doc, i))
                candidate = self._candidate(doc, start, name_end, kinds, context_kind)
                if candidate.kind is None and self._named_once(doc, start, name_end) and not matches_in(self.kinds, block.span):
                    drop(doc, "reviews", doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), "reviews.unvouched_name")
                    continue
                found.append(candidate)
            elif label == "CHILD_NAME":
                found.append(self._candidate(doc, start + 1, end, kinds, context_kind, variants=(doc[start:end].text,)))
            else:
                found.append(self._candidate(doc, start, end, kinds, context_kind))
        return found

    def _longest_codes(self, doc: Doc, sentence: Span) -> list[tuple[str, int, int]]:
        """The name matches of a sentence, keeping only the longest of overlapping codes ('Children D and E')."""
        matches = [(self.nlp.vocab.strings[m], s, e) for m, s, e in matches_in(self.names, sentence)]
        codes = filter_spans(Span(doc, s, e) for label, s, e in matches if label == "CODE")
        return sorted([m for m in matches if m[0] != "CODE"] + [("CODE", c.start, c.end) for c in codes], key=lambda m: (m[1], -m[2]))

    @staticmethod
    def _named_once(doc: Doc, start: int, end: int) -> bool:
        """'the Wood review': a name before 'review' that no kind phrase in its paragraph vouches for and
        the text never names again is more often a national review known by its author than a child's."""
        return all(word_counts(doc)[t.text] == 1 for t in doc[start:end])

    def _verb_reviews(self, doc: Doc, end: int) -> bool:
        """'Our Executive reviews the plan': 'reviews' followed by a determiner is a verb."""
        return doc[end - 1].lower_ == "reviews" and end < len(doc) and doc[end].lower_ in self.verb_followers

    def _candidate(
        self,
        doc: Doc,
        start: int,
        end: int,
        kinds: list[tuple[int, int, str]],
        context_kind: str | None,
        variants: tuple[str, ...] = (),
    ) -> Candidate:
        kind = nearest_kind(start, end, kinds) or context_kind
        name = span_text(doc, start, end)
        raw = doc[start:end].text
        return Candidate(start, end, name, kind, variants + ((raw,) if raw != name else ()))

    def _listed_after_kinds(
        self, doc: Doc, sentence: Span, kinds: list[tuple[int, int, str]], masked: set[int], inherited_kind: str | None = None
    ) -> list[Candidate]:
        """'two CSPRs (CSPR's), Leo and Ava'; 'learning reviews were completed on Mia and Isla, and ...'.

        After a bare review word ('the review concerning Child S') the kind is the sentence's
        nearest kind phrase, or the one the sentence refers back to."""
        found: list[Candidate] = []
        taken = {i for s, e, _ in kinds for i in range(s, e)}
        heads: list[tuple[int, int, str | None, bool]] = [(s, e, k, False) for s, e, k in kinds]
        heads += [
            (t.i, t.i + 1, nearest_kind(t.i, t.i + 1, kinds) or inherited_kind, True)
            for t in sentence
            if t.lower_ in self.review_words and t.i not in masked and t.i not in taken
        ]
        for start, end, kind, bare in heads:
            plural = doc[end - 1].lower_.endswith(("s", "'s", "’s")) or doc[end - 1].lower_ in {"'s", "’s"}
            after = skip_parenthesis(doc, end, sentence.end)
            if after < sentence.end and doc[after].text in LIST_SEPARATORS and doc[after].text != "(":
                listed = self._name_list(doc, after + 1, sentence.end, kind, joint=False)
                if bare and any(t.lower_ in self.not_title_heads for t in doc[sentence.start : start]):
                    for c in listed:  # "Three new courses came from learning from reviews: 'A', 'B'"
                        drop(doc, "reviews", doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1]), "reviews.not_a_review")
                    listed = []
                found += listed
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

    def _name_list(self, doc: Doc, start: int, end: int, kind: str | None, joint: bool, by_parts: bool = False) -> list[Candidate]:
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
        groups = group_units(units, joint=joint, by_parts=by_parts and any(not j for j in (u[2] for u in units[1:])))
        groups = [inside_quotes(doc, a, b) for a, b in groups]
        return [Candidate(a, b, span_text(doc, a, b), kind, self._unit_variants(doc, a, b) + self._raw_variant(doc, a, b)) for a, b in groups]

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
        coded = self._coded_unit(doc, i, end)
        if coded is not None:
            return coded
        case_code = case_code_end([t.text for t in doc[i : min(end, i + MAX_CODE_TOKENS)]], 0)
        if case_code is not None:  # "CHS20/NDS20": a review known only by its case code
            return i + case_code
        if token.lower_ in CHILD_PREFIXES and j < end and (self._is_name_token(doc, j, strict=False) or is_code(doc[j].text)):
            return j + 1
        if token.lower_ == "the" and i + 2 < end and self._is_name_token(doc, i + 1) and doc[i + 2].lower_ in self.group_nouns:
            return i + 3
        if token.text in OPEN_QUOTES:
            close = closing_quote(doc, i, end)
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

    def _quoted(self, doc: Doc, sentence: Span, kinds: list[tuple[int, int, str]], inherited_kind: str | None = None) -> list[Candidate]:
        """'Ruby' or 'The Myth of ...' in quotes, in a sentence that names a review kind (or
        refers back to the review the sentence before named)."""
        found = []
        national = self._national_near(sentence)
        i = sentence.start
        while i < sentence.end:
            if doc[i].text in OPEN_QUOTES:
                close = closing_quote(doc, i, sentence.end)
                if close is not None and close > i + 1 and self._is_review_title(doc, i + 1, close):
                    kind = NATIONAL_KIND if national else (nearest_kind(i, close + 1, kinds) or inherited_kind)
                    found.append(Candidate(i + 1, close, span_text(doc, i + 1, close), kind))
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
        """'the Ofsted review of sexual abuse in schools and colleges': a national review known only by
        its topic. It has no name, so it is not a row; it is found so that the reason can be shown."""
        found = []
        for body_start, body_end in self._national_near(sentence):
            start = body_start + 1 if doc[body_start].lower_ == "the" else body_start
            head = next(
                (i for i in range(body_end, min(body_end + MAX_BODY_GAP + 1, sentence.end)) if doc[i].lower_ in {"review", "reviews"}),
                None,
            )
            if head is None:
                head, start = possessive_review(doc, body_end, sentence.end)
            if head is None or head + 1 >= sentence.end or doc[head + 1].lower_ not in TOPIC_PREPOSITIONS:
                continue
            if any(doc[i].is_punct and doc[i].text not in {"'s", "’s", "-"} for i in range(body_end, head)):
                continue
            end = head + 2
            while end < min(sentence.end, head + MAX_TOPIC_TOKENS) and not ends_topic(doc[end]):
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
        start, end = inside_quotes(doc, start, end)
        kind = nearest_kind(start, end, kinds) or context_kind
        return [Candidate(start, end, span_text(doc, start, end), kind, self._unit_variants(doc, start, end) + self._raw_variant(doc, start, end))]

    def _raw_variant(self, doc: Doc, start: int, end: int) -> tuple[str, ...]:
        """The name as written when it has stray spacing ('Child  G'), so later mentions are found."""
        raw = doc[start:end].text
        return (raw,) if raw != span_text(doc, start, end) else ()
