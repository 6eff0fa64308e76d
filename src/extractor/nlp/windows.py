"""Where in a Doc a token pattern can match: the windows `LexicalMatcher` runs its patterns in.

spaCy's Matcher starts every pattern at every token, so a long report costs patterns x tokens
however rare the words a pattern needs. Every match holds a token for each required position
of its pattern (one without "?" or "*"), so it lies around a token that passes that position's
test, within as many tokens as the other positions can take: one for a plain or "?" position,
a run of tokens passing the test for a "*" or "+" one. `windows` finds those stretches from
word-level tests computed once per distinct word of the Doc (an over-estimate where a test is
not one of words, so no match is ever lost), and merges them into disjoint windows with at
least one token between them. Matching in each window finds exactly the Doc's matches inside
it, in the same order, since no match crosses a token outside every window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy
from numpy.typing import NDArray
from spacy.tokens import Doc

from .wordtests import COMPARISONS, LEXICAL_ATTRS, SET_OPS, WordTest

Mask = NDArray[numpy.bool_]
Pattern = list[dict[Any, Any]]  # a token pattern, perhaps with flag ids (ints) for keys
REPEAT_OPS = frozenset({"*", "+"})
OPTIONAL_OPS = frozenset({"?", "*"})
BOUNDED_OPS = frozenset({None, "1", "?"})
KNOWN_OPS = BOUNDED_OPS | REPEAT_OPS
# spaCy's boolean lexeme attributes, which `Doc.to_array` reads as the Matcher does
TOKEN_FLAGS = frozenset(
    """IS_ALPHA IS_ASCII IS_DIGIT IS_LOWER IS_PUNCT IS_SPACE IS_TITLE IS_UPPER LIKE_URL LIKE_NUM LIKE_EMAIL
    IS_STOP IS_BRACKET IS_QUOTE IS_LEFT_PUNCT IS_RIGHT_PUNCT IS_CURRENCY""".split()
)
CACHE_KEY = "windows:words"
SEARCHED: dict[WordTest, dict[int, bool]] = {}  # per regular expression, its answer for each word id seen
SEARCHED_MAX = 10_000  # words remembered per expression before it starts afresh: ~0.7 MB each (15 expressions)


@dataclass(frozen=True)
class Test:
    """One position's test, as parts that are each exact: word tests (a function of the
    token's text), lexeme flags or boolean attributes (read from the Doc), and the space
    after the token. A part not listed (any other attribute) is taken to pass."""

    words: tuple[WordTest, ...]
    flags: tuple[tuple[int | str, bool], ...]
    spaced: bool | None

    @property
    def exact_nothing(self) -> bool:
        """The test checks nothing it can answer, so it passes every token."""
        return not self.words and not self.flags and self.spaced is None


@dataclass(frozen=True)
class Scope:
    """A pattern's positions: the test and the operator of each."""

    tests: tuple[Test, ...]
    ops: tuple[str | None, ...]


def pattern_scope(pattern: Pattern) -> Scope | None:
    """The pattern's scope, or None if an operator is one `windows` does not bound ("!", "{n,m}")."""
    ops = tuple(token.get("OP") for token in pattern)
    if any(op not in KNOWN_OPS for op in ops):
        return None
    return Scope(tuple(_test(token) for token in pattern), ops)


def _test(token: dict[Any, Any]) -> Test:
    words: list[WordTest] = []
    flags: list[tuple[int | str, bool]] = []
    spaced = None
    for key, value in token.items():
        if isinstance(key, int):  # a lexeme flag `LexicalMatcher` put in place of a word test
            flags.append((key, bool(value)))
            continue
        name = key.upper()
        attr = LEXICAL_ATTRS.get(name)
        if attr == "LENGTH" and isinstance(value, int) and not isinstance(value, bool):
            words.append(WordTest(attr, "==", value))
        elif attr is not None and attr != "LENGTH" and isinstance(value, str):
            words.append(WordTest(attr, "IN", frozenset([value])))
        elif attr is not None and isinstance(value, dict):
            words.extend(_dict_tests(attr, value))
        elif name in TOKEN_FLAGS and isinstance(value, bool):
            flags.append((name, value))
        elif name == "SPACY" and isinstance(value, bool):
            spaced = value
    return Test(tuple(words), tuple(flags), spaced)


def _dict_tests(attr: str, value: dict[str, Any]) -> list[WordTest]:
    """The predicates of `{"LOWER": {"IN": [...]}}` and the like that are word tests; others are left out."""
    tests = []
    for op, operand in value.items():
        if attr == "LENGTH" and isinstance(operand, int) and op in COMPARISONS:
            tests.append(WordTest(attr, op, operand))
        elif attr != "LENGTH" and op in SET_OPS and isinstance(operand, list | tuple) and all(isinstance(v, str) for v in operand):
            tests.append(WordTest(attr, op, frozenset(operand)))
        elif attr != "LENGTH" and op == "REGEX" and isinstance(operand, str):
            tests.append(WordTest(attr, op, operand))
    return tests


class DocWords:
    """The Doc's distinct words, each once, so that a test is answered per word (by comparing
    string ids, or reading a lexeme attribute) and then spread to the tokens of that word."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.strings = doc.vocab.strings
        self.keys, self.inverse = numpy.unique(doc.to_array("ORTH"), return_inverse=True)
        self.counts = numpy.bincount(self.inverse, minlength=len(self.keys))  # tokens per distinct word
        # one token per distinct word: its lexeme attributes, read without a column per token of the Doc
        self.words = Doc(doc.vocab, words=[self.strings[key] for key in self.keys.tolist()])
        columns = self.words.to_array(["LOWER", "LENGTH"]) if len(self.keys) else numpy.zeros((0, 2))
        attributes = numpy.asarray(columns, dtype=numpy.uint64).reshape(len(self.keys), 2)
        self.lowers, self.lengths = attributes[:, 0], attributes[:, 1]
        self.attrs: dict[int | str, Mask] = {}  # per lexeme attribute, its value for each distinct word
        self.answers: dict[Test | WordTest, Mask] = {}  # per test, its answer for each distinct word
        self.spaced: Mask | None = None

    def count(self, test: Test) -> int:
        """How many tokens may pass `test`, the space after them left out."""
        return int(self.counts[self._by_word(test)].sum())

    def mask(self, test: Test) -> Mask:
        """Tokens that may pass `test` (all those that do, and perhaps others)."""
        mask: Mask = self._by_word(test)[self.inverse]
        if test.spaced is not None:
            if self.spaced is None:
                self.spaced = self.doc.to_array("SPACY").astype(bool)
            mask &= self.spaced == test.spaced
        return mask

    def _by_word(self, test: Test) -> Mask:
        known = self.answers.get(test)
        if known is None:
            known = numpy.ones(len(self.keys), dtype=bool)
            for word in test.words:
                known &= self._word_answers(word)
            for flag, value in test.flags:
                known &= self.attrs[flag] == value
            self.answers[test] = known
        return known

    def _word_answers(self, test: WordTest) -> Mask:
        known = self.answers.get(test)
        if known is None:
            if test.attr == "LENGTH":
                known = numpy.asarray(COMPARISONS[test.op](self.lengths, test.value), dtype=bool)
            elif test.op == "REGEX":  # on the word's text; a LOWER test lower-cases it itself
                known = numpy.array(self._searched(test, self.keys.tolist()), dtype=bool)
            else:
                ids = numpy.array([self.strings[word] for word in test.value], dtype=self.keys.dtype)
                known = numpy.isin(self.lowers if test.attr == "LOWER" else self.keys, ids, invert=test.op == "NOT_IN")
            self.answers[test] = known
        return known

    def read_attrs(self, scopes: Sequence[Scope]) -> None:
        """Read the lexeme attributes the scopes test, for every distinct word at once."""
        missing = sorted({flag for scope in scopes for test in scope.tests for flag, _ in test.flags} - set(self.attrs), key=str)
        if missing and len(self.keys):
            values = self.words.to_array(missing).reshape(len(self.keys), len(missing))  # one attribute comes back 1-D
            for attr, column in zip(missing, values.astype(bool).T):
                self.attrs[attr] = column

    def _searched(self, test: WordTest, keys: list[int]) -> list[bool]:
        """The regular expression's answer for each word id, remembered across Docs (a word's id is its hash)."""
        answers = SEARCHED.setdefault(test, {})
        if len(answers) > SEARCHED_MAX:
            answers.clear()
        check, strings, found = test.getter(), self.strings, []
        for key in keys:
            answer = answers.get(key)
            if answer is None:
                answer = answers[key] = check(strings[key])
            found.append(answer)
        return found


def doc_words(doc: Doc) -> DocWords:
    """The Doc's `DocWords` (cached on the Doc, rebuilt if its tokens change)."""
    cached = doc.user_data.get(CACHE_KEY)
    if cached is None or cached[0] != len(doc):
        cached = (len(doc), DocWords(doc))
        doc.user_data[CACHE_KEY] = cached
    known: DocWords = cached[1]
    return known


def windows(words: DocWords, scopes: Sequence[Scope]) -> list[tuple[int, int]] | None:
    """Disjoint `(start, end)` token windows, a token apart at least, holding every match of
    the patterns; None when a pattern may match anywhere (then the whole Doc is searched)."""
    n = len(words.doc)
    words.read_attrs(scopes)
    starts: list[NDArray[numpy.int64]] = []
    ends: list[NDArray[numpy.int64]] = []
    for scope in scopes:
        found = _pattern_windows(words, scope, n)
        if found is None:
            return None
        starts.append(found[0])
        ends.append(found[1])
    if not starts:
        return []
    start_all = numpy.concatenate(starts)
    end_all = numpy.concatenate(ends)
    order = numpy.argsort(start_all, kind="stable")
    merged: list[tuple[int, int]] = []
    for start, end in zip(start_all[order].tolist(), end_all[order].tolist()):
        if merged and start <= merged[-1][1]:  # overlapping or touching: one window
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _pattern_windows(words: DocWords, scope: Scope, n: int) -> tuple[NDArray[numpy.int64], NDArray[numpy.int64]] | None:
    required = [i for i, op in enumerate(scope.ops) if op not in OPTIONAL_OPS and not scope.tests[i].exact_nothing]
    if not required:
        return None
    anchor = min(required, key=lambda i: words.count(scope.tests[i]))  # the rarest: the fewest windows
    tokens = numpy.flatnonzero(words.mask(scope.tests[anchor])).astype(numpy.int64)
    before, after = range(anchor), range(anchor + 1, len(scope.ops))
    first = _reach(words, scope, tokens, before, anchor, -1, n)
    last = _reach(words, scope, tokens, after, anchor, 1, n)
    return first, last + 1


def _reach(words: DocWords, scope: Scope, tokens: NDArray[numpy.int64], positions: range, anchor: int, step: int, n: int) -> NDArray[numpy.int64]:
    """For each anchor token, the farthest token (before it for step -1, after for +1) a match
    can reach: one token per bounded position, and any run of tokens a repeated position passes."""
    bounded = sum(1 for i in positions if scope.ops[i] in BOUNDED_OPS)
    repeats = [i for i in positions if scope.ops[i] in REPEAT_OPS]
    if scope.ops[anchor] == "+":
        repeats.append(anchor)
    if not repeats:
        return numpy.clip(tokens + step * bounded, 0, n - 1)
    runs = numpy.zeros(n, dtype=bool)
    for i in repeats:
        runs |= words.mask(scope.tests[i])
    if step < 0:  # the same walk over the Doc read backwards
        return n - 1 - walk_runs(runs[::-1], n - 1 - tokens, bounded)
    return walk_runs(runs, tokens, bounded)


def walk_runs(runs: Mask, tokens: NDArray[numpy.int64], budget: int) -> NDArray[numpy.int64]:
    """From each token, forwards over any run of tokens in `runs` and over `budget` tokens
    outside them (a run may follow each), to the last token reached (the Doc's last at most)."""
    n = len(runs)
    outside = numpy.where(runs, n, numpy.arange(n))
    next_outside = numpy.append(numpy.minimum.accumulate(outside[::-1])[::-1], n)  # the first token at or after i not in a run
    reached = tokens
    for spent in range(budget + 1):
        reached = next_outside[reached + 1] - 1  # over the run after it
        if spent < budget:
            reached = numpy.minimum(reached + 1, n - 1)  # over one token outside the runs
    return reached
