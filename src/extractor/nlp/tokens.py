"""The words of a `Doc` as plain lists, built once per Doc and shared by the components.

A Python loop over a Doc makes a `Token` object for every token, and `doc[i]` costs more
again; the components ask about every token of a long report many times (sentence starts,
numbers, review words). One array read gives the same answers as lists of strings.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

CACHE_KEY = "tokens"


@dataclass(frozen=True)
class TokenTable:
    """Per token i: `text[i]` is `doc[i].text`, `lower[i]` its `lower_`, `spaced[i]` whether
    a space follows it (`whitespace_`), `is_space[i]` its `is_space`."""

    text: list[str]
    lower: list[str]
    spaced: list[bool]
    is_space: list[bool]


def token_table(doc: Doc) -> TokenTable:
    """The Doc's `TokenTable` (cached on the Doc, rebuilt if its tokens change)."""
    cached = doc.user_data.get(CACHE_KEY)
    if cached is not None and cached[0] == len(doc):
        known: TokenTable = cached[1]
        return known
    columns = doc.to_array(["ORTH", "LOWER", "SPACY", "IS_SPACE"]).T.tolist() if len(doc) else [[], [], [], []]
    orths, lowers, spaced, is_space = columns
    strings = doc.vocab.strings
    words = {key: strings[key] for key in {*orths, *lowers}}  # one string per distinct word, shared by its tokens
    table = TokenTable(
        text=[words[key] for key in orths],
        lower=[words[key] for key in lowers],
        spaced=[bool(value) for value in spaced],
        is_space=[bool(value) for value in is_space],
    )
    doc.user_data[CACHE_KEY] = (len(doc), table)
    return table
