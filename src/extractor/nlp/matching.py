"""A spaCy `Matcher` that runs the same patterns with less work per token.

The Matcher tries every pattern at every token, and answers an `IN`, `NOT_IN`, `REGEX` or
comparison predicate with a Python call per token; over a long report that was most of the
extraction time. `LexicalMatcher.add` takes the patterns as written (the data stays as it is)
and rewrites them into ones that match exactly the same spans:

* patterns of one rule that differ only in the word at one position ("child G", "baby G")
  become one pattern with the alternatives in an `IN` set, so fewer patterns are tried;
* the predicates of a pattern's leading tokens (the ones tried at every token) that depend on
  the word alone (its text, lower case or length) become lexeme flags (`Vocab.add_flag`):
  computed once per word when it enters the vocabulary, and checked in C. The 40-odd free
  flag bits are shared by all components (an equal test reuses its flag); once they are used
  up, a predicate stays a Python predicate, with the same answers.

A call runs the patterns only in the windows of the Doc where they can match (`windows.py`),
and then applies the rules' `greedy` filters to the matches of all windows, as spaCy does.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from typing import Any

from spacy.errors import MatchPatternError
from spacy.matcher import Matcher
from spacy.schemas import validate_token_pattern
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from .windows import Scope, doc_words, pattern_scope, windows
from .wordtests import COMPARISONS, LEXICAL_ATTRS, SET_OPS, WordTest

Pattern = list[dict[str, Any]]  # as written; a rewritten token also has flag ids (ints) for keys
OPTIONAL_OPS = frozenset({"?", "*"})  # a token the match may skip: the next one is tried at every token too
TEST_ATTRIBUTE = "word_test"  # on each flag getter: the test it answers
MERGEABLE_OPS = frozenset({None, "1", "?"})  # where "a or b" is the union of "a" and "b"
GREEDY_FILTERS = ("FIRST", "LONGEST")
Match = tuple[int, int, int]
TOKENS_PER_PATTERN = 10  # a Doc shorter than this per pattern is searched whole (a title, a short page)


class LexicalMatcher(Matcher):
    """`Matcher` whose `add` rewrites patterns as described above (validating them as written)."""

    def __init__(self, vocab: Vocab, validate: bool = True) -> None:
        super().__init__(vocab, validate=False)  # the rewritten patterns use flag ids, which the schema refuses
        self.check_patterns = validate
        self.words = vocab  # Matcher.vocab, which spaCy's type stub does not declare
        self.scopes: list[Scope | None] = []  # per pattern; None where the windows cannot be bounded
        self.filters: dict[int, str] = {}  # key -> greedy filter, applied in `__call__`

    def add(self, key: str | int, patterns: list[Pattern], *, on_match: Any = None, greedy: str | None = None) -> None:
        if self.check_patterns:
            errors = {i: validate_token_pattern(pattern) for i, pattern in enumerate(patterns)}
            if any(errors.values()):
                raise MatchPatternError(key, errors)  # type: ignore[no-untyped-call]  # spaCy leaves its __init__ unannotated
        if greedy is not None and greedy not in GREEDY_FILTERS:
            raise ValueError(f"greedy must be one of {GREEDY_FILTERS}, not {greedy!r}")
        rewritten = [_with_flags(self.words, pattern) for pattern in merge_alternatives(patterns)]
        super().add(key, rewritten)  # the callback and the filter see the matches of the whole Doc, so they run here
        key_id = self.words.strings.add(key) if isinstance(key, str) else key
        if greedy is not None:
            self.filters[key_id] = greedy
        if on_match is not None:
            raise ValueError("LexicalMatcher takes no on_match callback: read the matches it returns")
        self.scopes.extend(pattern_scope(pattern) for pattern in rewritten)

    def __call__(self, doclike: Doc | Span) -> list[Match]:  # type: ignore[override]  # plain match tuples only
        """`(match_id, start, end)` as `Matcher.__call__` gives them, offsets relative to `doclike`."""
        doc = doclike if isinstance(doclike, Doc) else doclike.doc
        low, high = (0, len(doc)) if isinstance(doclike, Doc) else (doclike.start, doclike.end)
        spans = self._windows(doc)
        if spans is None:
            found = list(super().__call__(doclike))
        else:
            found = []
            match = super().__call__
            first = max(bisect_right(spans, (low, high)) - 1, 0)  # the last window starting at or before `low`
            for start, end in spans[first:]:
                start, end = max(start, low), min(end, high)
                if start >= high:
                    break
                if start < end:
                    found.extend((m, s + start - low, e + start - low) for m, s, e in match(doc[start:end]))
        return greedy_filtered(found, self.filters, high - low)

    def _windows(self, doc: Doc) -> list[tuple[int, int]] | None:
        """The Doc's windows for these patterns (cached on the Doc)."""
        key = ("windows", id(self))
        user_data: dict[Any, Any] = doc.user_data  # spaCy types it Dict[str, Any]; any key may be stored
        cached = user_data.get(key)
        if cached is None or cached[0] != len(doc):
            scopes = [scope for scope in self.scopes if scope is not None]
            worth_it = len(doc) >= TOKENS_PER_PATTERN * len(scopes)  # finding windows costs about that many tokens' matching
            found = windows(doc_words(doc), scopes) if worth_it and len(scopes) == len(self.scopes) else None
            cached = (len(doc), found)
            user_data[key] = cached
        spans: list[tuple[int, int]] | None = cached[1]
        return spans


def greedy_filtered(matches: list[Match], filters: dict[int, str], length: int) -> list[Match]:
    """spaCy's `greedy` filter (Matcher.__call__): the other rules' matches in order, then per
    filtered rule (in order of its first match) the non-overlapping ones, longest or first first."""
    final: list[Match] = []
    pairs_by_key: dict[int, list[tuple[int, int]]] = {}
    for key, start, end in matches:
        if key in filters:
            pairs_by_key.setdefault(key, []).append((start, end))
        else:
            final.append((key, start, end))
    for key, pairs in pairs_by_key.items():
        matched = bytearray(length)
        if filters[key] == "FIRST":
            ordered = sorted(pairs, key=lambda x: (x[0], -x[1]), reverse=False)
        else:
            ordered = sorted(pairs, key=lambda x: (x[1] - x[0], -x[0]), reverse=True)
        for start, end in ordered:
            if not any(matched[start:end]):
                final.append((key, start, end))
                matched[start:end] = b"\x01" * (end - start)
    return final


def merge_alternatives(patterns: Iterable[Pattern]) -> list[Pattern]:
    """Patterns differing in one token's word (same attribute, no repetition) joined into one."""
    merged: list[Pattern] = []
    for pattern in patterns:
        for i, other in enumerate(merged):
            joined = _joined(other, pattern)
            if joined is not None:
                merged[i] = joined
                break
        else:
            merged.append(pattern)
    return merged


def _joined(a: Pattern, b: Pattern) -> Pattern | None:
    if len(a) != len(b):
        return None
    different = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(different) != 1:
        return None
    i = different[0]
    words_a, words_b = _word_choice(a[i]), _word_choice(b[i])
    if words_a is None or words_b is None or words_a[:2] != words_b[:2]:
        return None
    attr, op = words_a[:2]
    token: dict[Any, Any] = {attr: {"IN": sorted(set(words_a[2]) | set(words_b[2]))}}
    if op is not None:
        token["OP"] = op
    return [*a[:i], token, *a[i + 1 :]]


def _word_choice(token: dict[Any, Any]) -> tuple[str, str | None, list[str]] | None:
    """(attribute, op, words) for a token that is one of some words of one attribute, else None."""
    op = token.get("OP")
    rest = [k for k in token if k != "OP"]
    if op not in MERGEABLE_OPS or len(rest) != 1 or not isinstance(rest[0], str) or rest[0].upper() not in ("ORTH", "TEXT", "LOWER"):
        return None
    value = token[rest[0]]
    if isinstance(value, str):
        return rest[0], op, [value]
    if isinstance(value, dict) and list(value) == ["IN"] and all(isinstance(v, str) for v in value["IN"]):
        return rest[0], op, list(value["IN"])
    return None


def _with_flags(vocab: Vocab, pattern: Pattern) -> Pattern:
    """The pattern with the word-only predicates of its leading tokens as flag tests."""
    out: Pattern = []
    leading = True
    for token in pattern:
        out.append(_flagged_token(vocab, token) if leading else token)
        leading = leading and token.get("OP") in OPTIONAL_OPS
    return out


def _flagged_token(vocab: Vocab, token: dict[Any, Any]) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for key, value in token.items():
        tests = _word_tests(key, value)
        flags = [_flag(vocab, test) for test in tests] if tests else []
        if not tests or None in flags:
            out[key] = value
            continue
        for flag in flags:
            out[flag] = True
    return out


def _word_tests(key: Any, value: Any) -> list[WordTest] | None:
    """The predicates of one token attribute as word tests, or None if one of them is not word-only."""
    attr = LEXICAL_ATTRS.get(key.upper()) if isinstance(key, str) else None
    if attr is None or not isinstance(value, dict) or not value:
        return None
    tests = []
    for op, operand in value.items():
        if attr == "LENGTH" and op in COMPARISONS and isinstance(operand, int):
            tests.append(WordTest(attr, op, operand))
        elif attr != "LENGTH" and op in SET_OPS and isinstance(operand, list | tuple) and all(isinstance(v, str) for v in operand):
            tests.append(WordTest(attr, op, frozenset(operand)))
        elif attr != "LENGTH" and op == "REGEX" and isinstance(operand, str):
            tests.append(WordTest(attr, op, operand))
        else:
            return None
    return tests


def _flag(vocab: Vocab, test: WordTest) -> int | None:
    """The flag answering `test` (the existing one if an equal test has one); None once the bits are used up."""
    for flag, getter in vocab.lex_attr_getters.items():  # type: ignore[attr-defined]  # not in spaCy's stub
        if getattr(getter, TEST_ATTRIBUTE, None) == test:
            return int(flag)
    getter = test.getter()
    setattr(getter, TEST_ATTRIBUTE, test)  # so that an equal test finds this flag
    try:
        return int(vocab.add_flag(getter))
    except ValueError:  # spaCy's E062: all 63 flag bits are taken
        return None
