"""Tests of a word's text, lower case or length: the predicates of a token pattern that depend
on the word alone, so that they can be answered once per word (`matching.py`, `windows.py`)."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

LEXICAL_ATTRS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "LENGTH": "LENGTH"}
SET_OPS = ("IN", "NOT_IN")
# operator's functions, so that a comparison applies to a length or to an array of lengths alike
COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}


@dataclass(frozen=True)
class WordTest:
    """One predicate on a word's text, lower case or length: what a lexeme flag answers."""

    attr: str  # "ORTH", "LOWER" or "LENGTH"
    op: str  # "IN", "NOT_IN", "REGEX" or a comparison
    value: Any  # frozenset of words, a regular expression, or a length

    def __call__(self, orth: str) -> bool:
        return self.getter()(orth)

    def getter(self) -> Callable[[str], bool]:
        """The test as a plain function of the word's text, called once per new word per flag."""
        value, lower = self.value, self.attr == "LOWER"  # the lexeme's LOWER is `str.lower` of its text
        if self.attr == "LENGTH":
            compare = COMPARISONS[self.op]
            return lambda orth: compare(len(orth), value)
        if self.op == "REGEX":
            search = re.compile(value).search
            return (lambda orth: search(orth.lower()) is not None) if lower else (lambda orth: search(orth) is not None)
        if self.op == "IN":
            return (lambda orth: orth.lower() in value) if lower else (lambda orth: orth in value)
        return (lambda orth: orth.lower() not in value) if lower else (lambda orth: orth not in value)
