"""The windows LexicalMatcher searches hold every match spaCy's Matcher finds over the whole Doc."""

from __future__ import annotations

import random
from typing import Any

import numpy
import pytest
import spacy
from spacy.matcher import Matcher

from extractor.nlp import matching
from extractor.nlp.matching import LexicalMatcher
from extractor.nlp.windows import doc_words, pattern_scope, walk_runs, windows

TEXT = (
    "Rooms 12 and 14 were let . Call 0161 496 0000 or 0161 496 0001 today , said Pat , 9 , "
    "from Elm Tree Green Lane ; the the the target of at least 80 per cent , up from 70 ! "
    "High Street North 3 - day course , and 4 ½ hours later 17"
)
Patterns = list[list[dict[str, Any]]]
PATTERNS: dict[str, Patterns] = {
    "PHONE": [[{"TEXT": {"REGEX": r"^0\d{3}$"}}, {"TEXT": {"REGEX": r"^\d{3,4}$"}, "OP": "+"}]],
    "TARGET": [
        [{"LOWER": "target"}, {"LOWER": {"IN": ["of", "at"]}, "OP": "*"}, {"LOWER": {"IN": ["least", "most", "the"]}, "OP": "*"}, {"LIKE_NUM": True}]
    ],
    "PLACE": [[{"IS_TITLE": True, "OP": "+"}, {"LOWER": {"IN": ["lane", "street"]}}], [{"LOWER": "high"}, {"IS_TITLE": True, "OP": "+"}]],
    "THE": [[{"LOWER": "the", "OP": "+"}]],
    "AGE": [[{"ORTH": ","}, {"TEXT": {"REGEX": r"^\d{1,2}$"}}, {"ORTH": ",", "SPACY": True}]],
    "COURSE": [
        [{"LIKE_NUM": True}, {"ORTH": "-", "OP": "?"}, {"LOWER": {"IN": ["day", "hours"]}}],
        [{"IS_DIGIT": True}, {"LENGTH": 1, "IS_ALPHA": False}, {"LOWER": "hours"}],
    ],
    "EDGE": [[{"LOWER": "rooms"}, {"IS_DIGIT": True}], [{"TEXT": "later", "OP": "?"}, {"TEXT": {"REGEX": r"^\d+$"}}]],
}


@pytest.fixture(autouse=True)
def _windows_for_short_docs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The texts here are short; a Doc this short is otherwise searched whole."""
    monkeypatch.setattr(matching, "TOKENS_PER_PATTERN", 0)


def _matchers(greedy: str | None) -> tuple[Matcher, LexicalMatcher, spacy.language.Language]:
    nlp = spacy.blank("en")
    plain, lexical = Matcher(nlp.vocab), LexicalMatcher(nlp.vocab)
    for key, patterns in PATTERNS.items():
        plain.add(key, patterns, greedy=greedy)
        lexical.add(key, patterns, greedy=greedy)
    return plain, lexical, nlp


@pytest.mark.parametrize("greedy", [None, "LONGEST", "FIRST"])
def test_windowed_matches_are_the_whole_docs_in_its_order(greedy: str | None) -> None:
    plain, lexical, nlp = _matchers(greedy)
    doc = nlp(TEXT)
    expected = plain(doc)
    assert {nlp.vocab.strings[m] for m, _, _ in expected} == set(PATTERNS)  # every rule matches somewhere
    assert lexical(doc) == expected


@pytest.mark.parametrize("greedy", [None, "LONGEST"])
def test_every_span_gets_the_matches_of_a_call_on_it(greedy: str | None) -> None:
    plain, lexical, nlp = _matchers(greedy)
    doc = nlp(TEXT)
    for start in range(0, len(doc), 3):
        for end in range(start + 1, len(doc) + 1, 4):
            assert lexical(doc[start:end]) == plain(doc[start:end]), (start, end)


def test_windows_are_disjoint_and_leave_out_words_no_pattern_needs() -> None:
    _, lexical, nlp = _matchers(None)
    doc = nlp(TEXT)
    found = windows(doc_words(doc), [s for s in lexical.scopes if s is not None])
    assert found is not None
    assert all(end < following for (_, end), (following, _) in zip(found, found[1:]))  # a token between windows
    covered = {i for start, end in found for i in range(start, end)}
    assert doc[5].text == "let" and 5 not in covered
    assert len(covered) < len(doc)


def test_a_pattern_needing_only_an_unread_attribute_searches_the_whole_doc() -> None:
    nlp = spacy.blank("en")
    lexical, plain = LexicalMatcher(nlp.vocab), Matcher(nlp.vocab)
    for matcher in (lexical, plain):
        matcher.add("ANY", [[{"LOWER": "north", "OP": "?"}, {"NORM": "street"}, {"IS_DIGIT": True, "OP": "*"}]])
    doc = nlp(TEXT)
    assert windows(doc_words(doc), [s for s in lexical.scopes if s is not None]) is None
    assert lexical(doc) == plain(doc) != []


def test_a_negated_token_is_not_bounded() -> None:
    assert pattern_scope([{"LOWER": "rooms"}, {"IS_DIGIT": True, "OP": "!"}]) is None


def test_a_callback_is_refused() -> None:
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="on_match"):
        LexicalMatcher(nlp.vocab).add("X", [[{"LOWER": "rooms"}]], on_match=lambda *args: None)


def test_a_rule_reading_one_attribute_finds_what_the_matcher_finds() -> None:
    nlp = spacy.blank("en")
    lexical, plain = LexicalMatcher(nlp.vocab), Matcher(nlp.vocab)
    for matcher in (lexical, plain):
        matcher.add("HOURS", [[{"IS_DIGIT": True}, {"LOWER": "hours"}]])
    doc = nlp("It took 4 hours, then 12 more hours and 3 days.")
    assert lexical(doc) == plain(doc) != []


def _walked_one_by_one(passes: list[bool], token: int, budget: int) -> int:
    while token + 1 < len(passes) and (passes[token + 1] or budget):
        budget -= not passes[token + 1]
        token += 1
    return token


def test_the_walk_over_runs_stops_where_a_token_by_token_walk_stops() -> None:
    generator = random.Random(7)
    for _ in range(500):
        passes = [generator.random() < 0.5 for _ in range(generator.randint(1, 30))]
        tokens = sorted(generator.sample(range(len(passes)), generator.randint(0, len(passes))))
        budget = generator.randint(0, 3)
        walked = walk_runs(numpy.array(passes), numpy.array(tokens, dtype=numpy.int64), budget).tolist()
        assert walked == [_walked_one_by_one(passes, token, budget) for token in tokens]
