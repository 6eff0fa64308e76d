"""LexicalMatcher finds exactly what spaCy's Matcher finds with the same patterns."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.errors import MatchPatternError
from spacy.matcher import Matcher

from extractor.nlp.matching import LexicalMatcher, WordTest, merge_alternatives

TEXT = (
    "The Baby K review and the review of boy Q2 were shared; a young person, Young Woman B, "
    "spoke at 3 events in March 2024 and at twelve more in 2025. Reviews of Child  D followed."
)
Patterns = list[list[dict[str, Any]]]
CODED: Patterns = [
    [{"LOWER": prefix}, {"IS_SPACE": True, "OP": "*"}, {"TEXT": {"REGEX": r"^[A-Z]\d?$"}}] for prefix in ("baby", "boy", "child", "girl")
]
YOUNG: Patterns = [[{"LOWER": "young"}, {"LOWER": noun}, {"TEXT": {"REGEX": r"^[A-Z]$"}}] for noun in ("person", "woman", "man")]
PATTERNS: dict[str, Patterns] = {
    "CODED": CODED + YOUNG,
    "COUNT": [[{"TEXT": {"REGEX": r"^\d+$"}}, {"LOWER": {"NOT_IN": ["in", "of"]}}], [{"LOWER": {"IN": ["twelve", "three"]}}, {"IS_ALPHA": True}]],
    "DATE": [[{"LOWER": {"IN": ["in", "at"]}, "OP": "?"}, {"IS_TITLE": True, "LENGTH": {">=": 4}}, {"TEXT": {"REGEX": r"^20\d\d$"}}]],
    "REVIEW": [[{"LOWER": "review"}], [{"LOWER": "reviews"}]],
}


def _both(greedy: str | None = None) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
    nlp = spacy.blank("en")
    plain, lexical = Matcher(nlp.vocab), LexicalMatcher(nlp.vocab)
    for key, patterns in PATTERNS.items():
        plain.add(key, patterns, greedy=greedy)
        lexical.add(key, patterns, greedy=greedy)
    doc = nlp(TEXT)
    return plain(doc), lexical(doc)


@pytest.mark.parametrize("greedy", [None, "LONGEST", "FIRST"])
def test_same_matches_in_the_same_order(greedy: str | None) -> None:
    plain, lexical = _both(greedy)
    assert plain  # the sentence has something for every rule
    assert lexical == plain


def test_same_matches_on_a_span() -> None:
    nlp = spacy.blank("en")
    plain, lexical = Matcher(nlp.vocab), LexicalMatcher(nlp.vocab)
    for key, patterns in PATTERNS.items():
        plain.add(key, patterns)
        lexical.add(key, patterns)
    doc = nlp(TEXT)
    span = doc[5:30]
    assert lexical(span) == plain(span)


def test_words_differing_at_one_position_become_one_pattern() -> None:
    merged = merge_alternatives(PATTERNS["CODED"])
    assert len(merged) == 2  # the one-word prefixes, and "young" + a noun
    assert merged[0][0] == {"LOWER": {"IN": ["baby", "boy", "child", "girl"]}}
    assert merged[1][1] == {"LOWER": {"IN": ["man", "person", "woman"]}}


def test_repeated_tokens_are_not_joined() -> None:
    patterns = [[{"LOWER": "very", "OP": "+"}, {"LOWER": "good"}], [{"LOWER": "so", "OP": "+"}, {"LOWER": "good"}]]
    assert merge_alternatives(patterns) == patterns  # "very so good" matches neither


def test_leading_word_predicates_become_flags_and_later_ones_stay() -> None:
    nlp = spacy.blank("en")
    matcher = LexicalMatcher(nlp.vocab)
    matcher.add("X", [[{"LOWER": {"IN": ["in", "at"]}, "OP": "?"}, {"TEXT": {"REGEX": "^[A-Z]"}}, {"LOWER": {"IN": ["of"]}}]])
    (pattern,) = matcher.get("X")[1]
    assert all(isinstance(key, int) for key in list(pattern[0]) if key != "OP")
    assert all(isinstance(key, int) for key in pattern[1])
    assert pattern[2] == {"LOWER": {"IN": ["of"]}}


def test_an_equal_test_shares_its_flag() -> None:
    nlp = spacy.blank("en")
    first, second = LexicalMatcher(nlp.vocab), LexicalMatcher(nlp.vocab)
    first.add("A", [[{"LOWER": {"IN": ["one", "two"]}}]])
    second.add("B", [[{"LOWER": {"IN": ["two", "one"]}}, {"IS_DIGIT": True}]])
    assert first.get("A")[1][0][0] == {next(iter(second.get("B")[1][0][0])): True}


def test_word_tests_read_the_word_as_the_lexeme_does() -> None:
    assert WordTest("LOWER", "IN", frozenset({"march"}))("MARCH")
    assert not WordTest("ORTH", "IN", frozenset({"march"}))("March")
    assert WordTest("LOWER", "NOT_IN", frozenset({"of"}))("Off")
    assert WordTest("ORTH", "REGEX", r"^\d{4}$")("2024")
    assert not WordTest("LENGTH", ">=", 3)("ab")


def test_when_the_flags_run_out_predicates_stay_in_python() -> None:
    nlp = spacy.blank("en")
    matcher, plain = LexicalMatcher(nlp.vocab), Matcher(nlp.vocab)
    for n in range(70):  # more word sets than there are free flag bits
        patterns: Patterns = [[{"LOWER": {"IN": [f"w{n}", "review"]}}, {"IS_DIGIT": True}]]
        matcher.add(f"K{n}", patterns)
        plain.add(f"K{n}", patterns)
    doc = nlp("the review 4 and w69 5")
    assert matcher(doc) == plain(doc)
    assert len(matcher(doc)) == 71


def test_a_bad_pattern_is_refused_as_written() -> None:
    matcher = LexicalMatcher(spacy.blank("en").vocab)
    with pytest.raises(MatchPatternError):
        matcher.add("BAD", [[{"LOWER": {"IN": ["a"]}, "NO_SUCH_ATTR": True}]])
