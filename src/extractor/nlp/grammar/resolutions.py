"""Resolution and decision wording of committee and partnership papers.

The forms are the genre's, not any one council's: "RESOLVED – That ...", "RESOLVED: (1) ...",
"Resolved to: (i) ...", "AGREED that ...", "It was resolved that ...", "Decision: Approve ...",
decision items written as past-tense or bare verbs ("Noted the report", "Endorsed", "Approve
£113,000 ..."), "To note ...", and the lines that only record something ("the thanks of the
Committee be placed on record"). The vocabularies come from `recommendation_cues.json`; this
module answers where a resolution's text begins and whether a line is a decision at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..tokens import token_table

SEPARATORS = frozenset({":", "-", "–", "—", "."})
OPENER_WINDOW = 3  # 'RESOLVED', 'It was resolved', '12. RESOLVED' — how far in the opener may sit
INFINITIVE = "to"
HYPHENS = frozenset({"-", "–"})
THAT = "that"
OPEN, CLOSE = "(", ")"
ASIDE_TOKENS = 3  # '(unanimously)', '(by 7 votes to 2)' is longer and rarer
COPULA = "be"  # an action verb of the vocabulary that directs nothing on its own
IMPERSONAL = frozenset({"it", "was", "is", "has", "been", "were"})  # 'It was agreed that ...'


@dataclass(frozen=True)
class ResolutionGrammar:
    """The resolution vocabulary: opener words, status lines, decision verbs, record-only phrases."""

    openers: frozenset[str]  # 'resolved', 'agreed', 'decision'
    labels: frozenset[str]  # 'Recommendation:' opening a recommended resolution
    directives: frozenset[str]  # 'should', 'must': what makes 'Recommendation 2: ...' direct something
    narrative: frozenset[str]  # 'agreed', 'decided': after a subject in lower case they narrate ('The Board agreed to ...')
    status_words: frozenset[str]  # 'Decision status: ...', 'Decision date: ...' are fields, not decisions
    actions: dict[str, str]  # every inflection of a decision verb -> its base form
    record_only: tuple[tuple[str, ...], ...]  # 'placed on record', 'considered whether'

    @classmethod
    def from_cues(cls, cues: dict[str, Any], actions: dict[str, str]) -> "ResolutionGrammar":
        return cls(
            frozenset(cues["resolved"]),
            frozenset(cues["recommendation_labels"]),
            frozenset(cues["directive_words"]),
            frozenset(cues["narrative_openers"]),
            frozenset(cues["decision_fields"]),
            actions,
            tuple(tuple(phrase.split()) for phrase in cues["record_only"]),
        )

    def body_start(self, span: Span) -> int | None:
        """Token where the resolved text begins in a block opening with a resolution word, else None.

        'RESOLVED – That the report be noted' -> 'the'; 'Resolved to: (i) note' -> '(';
        'Decision status: Approved' -> None (a field of a decision page, not a decision)."""
        doc = span.doc
        opener = self._opener(span)
        if opener is None:
            return self._label_start(span)
        if self.is_field(span):
            return None
        after = self._after_aside(span, opener.i + 1)
        follower = doc[after] if after < span.end else None
        if follower is not None and follower.text in HYPHENS and not opener.whitespace_:
            return None  # 'decision-making', 'agreed-upon': a compound word, not an opener
        marked = follower is not None and (follower.text in SEPARATORS or follower.lower_ in (THAT, INFINITIVE))
        if not (opener.is_upper or marked) or self._narrated(span, opener):
            return None
        start = after
        while start < span.end and (doc[start].text in SEPARATORS or doc[start].lower_ in (THAT, INFINITIVE)):
            start += 1
        return start

    def _after_aside(self, span: Span, i: int) -> int:
        """Past an aside after the opener: 'RESOLVED (unanimously) that ...'."""
        doc = span.doc
        if i < span.end and doc[i].text == OPEN:
            close = next((j for j in range(i + 1, min(i + ASIDE_TOKENS + 2, span.end)) if doc[j].text == CLOSE), None)
            if close is not None:
                return close + 1
        return i

    def _label_start(self, span: Span) -> int | None:
        """'Recommendation: That Cabinet approves ...', 'Recommendations - To note ...': a label opening
        the recommended resolution, read only when what follows it is one ('That', or a decision verb);
        'RECOMMENDATION: There are no items ...' directs nothing. A numbered label ('Recommendation 2:')
        heads a review's recommendation when its text directs ('should', 'must')."""
        doc = span.doc
        first = span.start
        if not (first < span.end and doc[first].lower_ in self.labels):
            return None
        numbered = first + 1 < span.end and (doc[first + 1].like_num or len(doc[first + 1]) == 1 and doc[first + 1].is_alpha)
        separator = first + 1 + numbered
        if not (separator + 1 < span.end and doc[separator].text in SEPARATORS):
            return None
        start = separator + 1
        if doc[start].lower_ == THAT:
            return start + 1
        if numbered:  # 'Recommendation 2: Schools should ...'; 'Recommendation 3: Completed' is a status
            return start if any(t.lower_ in self.directives for t in doc[start : span.end]) else None
        return start if self.decision_item(doc, start, span.end) else None

    def _opener(self, span: Span) -> Token | None:
        """The resolution word near the start ('RESOLVED', 'It was resolved'), or one in capitals
        closing a mover's line ('moved by ..., seconded by ... and RESOLVED -')."""
        doc = span.doc
        lower = token_table(doc).lower
        window_end = min(span.start + OPENER_WINDOW, span.end)
        opener = next((i for i in range(span.start, window_end) if lower[i] in self.openers), None)
        if opener is not None:
            return doc[opener]
        for i in range(window_end, span.end):
            token = doc[i] if lower[i] in self.openers else None
            if token is not None and token.is_upper and len(token) > 1:
                follower = doc[token.i + 1] if token.i + 1 < span.end else None
                if follower is None or follower.text in SEPARATORS or follower.lower_ in (THAT, INFINITIVE):
                    return token
        return None

    def _narrated(self, span: Span, opener: Token) -> bool:
        """'The Board agreed to transfer ...' reports; 'It was agreed that ...', 'AGREED that' decide."""
        if opener.is_upper or opener.lower_ not in self.narrative:
            return False
        before = [t.lower_ for t in span[: opener.i - span.start] if t.is_alpha]
        return bool(before) and not set(before) <= IMPERSONAL

    def is_field(self, span: Span) -> bool:
        """'Decision status: ...', 'Date of decision: ...', 'Decided at meeting: ...': a field of a
        decision page, named by a field word next to the resolution word."""
        opener = self._opener(span)
        if opener is None:
            return False
        words = [t.lower_ for t in span[: min(opener.i - span.start, OPENER_WINDOW)]]
        if opener.i + 1 < span.end:
            words.append(span.doc[opener.i + 1].lower_)
        return any(word in self.status_words or word.removesuffix("s") in self.status_words for word in words)

    def is_record_only(self, doc: Doc, start: int, end: int) -> bool:
        """'the thanks of the Committee be placed on record', 'members recognised ...': nothing directed."""
        words = [t.lower_ for t in doc[start:end]]
        for phrase in self.record_only:
            size = len(phrase)
            if any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1)):
                return True
        return False

    def decision_item(self, doc: Doc, start: int, end: int) -> bool:
        """A listed decision: 'Noted the report', 'Approve £113,000 for ...', 'To note the plan'."""
        if start >= end:
            return False
        first = doc[start]
        if first.lower_ == INFINITIVE and start + 1 < end:
            first = doc[start + 1]
        return self.actions.get(first.lower_, COPULA) != COPULA


def inflections(bases: list[str]) -> dict[str, str]:
    """Every inflected form of the action verbs, mapped to the base: 'noted' -> 'note', 'applied' -> 'apply'."""
    forms: dict[str, str] = {}
    for base in bases:
        stem = base[:-1] if base.endswith("e") else base
        candidates = {base, base + "s", base + "es", stem + "ed", stem + "ing", base + "d"}
        if base.endswith("y"):
            candidates |= {base[:-1] + "ies", base[:-1] + "ied"}
        if len(base) > 2 and base[-1] not in "aeiouwy" and base[-2] in "aeiou" and base[-3] not in "aeiou":
            candidates |= {base + base[-1] + "ed", base + base[-1] + "ing"}
        for form in candidates:
            forms.setdefault(form, base)
    return forms


def base_form(word: str) -> str:
    """A rough base form for a verb outside the vocabulary ('prioritised' -> 'prioritise')."""
    if word.endswith("ied") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ed") and len(word) > 4:
        stem = word[:-2]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls":
            return stem[:-1]
        return stem + "e" if stem.endswith(("s", "c", "v", "z", "g", "u", "at", "it", "ut")) else stem
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word
