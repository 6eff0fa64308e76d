"""Line-end hyphens: a break inside a word ("organisa-" / "tion") or a compound's own hyphen
("decision-" / "making")? Told by the words the document itself uses and a small dictionary."""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from functools import cache
from pathlib import Path

DICTIONARY = Path(__file__).parent / "data" / "compound_words.txt"
WORD = re.compile(r"[^\W\d_]+")
COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")


@cache
def dictionary() -> frozenset[str]:
    lines = DICTIONARY.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def vocabulary(lines: Iterable[str]) -> frozenset[str]:
    """Lower-case words of a document's lines, and its hyphenated compounds whole ('decision-making'),
    less the pieces either side of a line-end hyphen (which may be halves of one word)."""
    words: set[str] = set()
    broken = False
    for line in lines:
        tokens = line.split()
        if broken and tokens:
            tokens = tokens[1:]
        broken = bool(tokens) and tokens[-1].endswith("-")
        if broken:
            tokens = tokens[:-1]
        kept = " ".join(tokens).lower()  # neither pattern crosses a space: the same words as token by token
        words.update(WORD.findall(kept))
        words.update(COMPOUND.findall(kept))
    return frozenset(words)


def keeps_hyphen(first: str, second: str, known: AbstractSet[str] = frozenset()) -> bool:
    """True when `first-` at a line end and `second` at the next line's start are a compound:
    the joined word is not one the document uses, and the hyphenated form is, or one part is a
    word (a break inside a word leaves two fragments, 'organisa' and 'tion')."""
    a, b = first.lower(), second.lower()
    if a + b in known:
        return False
    if f"{a}-{b}" in known:
        return True
    words = dictionary()
    return a in known or a in words or b in known or b in words
