"""Rule-based sentence boundaries for council and safeguarding-partnership prose.

A blank pipeline has no parser, and the statistical `senter` is trained on news text, where
headings, bullet fragments and numbered paragraphs ("3.4 The WSCP ...") barely occur. Here
the parsed document already tells us where headings, list items and table rows start and end
(`doc._.blocks`), so the strongest rule is structural: a sentence never crosses a block. Inside
a block we split after ".", "!" or "?" when the next word starts a new sentence, except after
the abbreviations this genre uses ("e.g.", "No.", "St.") and never inside a number ("4.2",
"£1.5m", which the tokenizer keeps in one token anyway).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Token

from . import extensions  # noqa: F401  (declares doc._.blocks)
from .tokens import TokenTable, token_table

START, NOT_START = 1, -1  # spaCy's SENT_START values (0 means "not set")
TERMINATORS = frozenset({".", "!", "?", "...", "…", "..", "....", "....."})
# Tokens that may sit between the terminator and the next sentence ("... now." ’ The ...).
TERMINAL_ENDINGS = tuple(sorted({t[-1] for t in TERMINATORS}))  # the last characters a terminator can end in
CLOSING = frozenset({'"', "'", "”", "’", ")", "]"})
OPENING = frozenset({'"', "'", "“", "‘", "(", "["})
# Lower-cased abbreviations that never end a sentence: titles before a name ("Dr. Smith",
# "St. Helens") and Latin/editorial shorthand ("e.g.", "etc.", "approx."). The tokenizer keeps
# some as one token ("e.g.", "Dr."); the others reach us as word + ".".
ABBREVIATIONS = frozenset(
    {
        "dr",
        "mr",
        "mrs",
        "ms",
        "mx",
        "prof",
        "st",
        "cllr",
        "rev",
        "hon",
        "sr",
        "jr",
        "rt",
        "sgt",
        "insp",
        "supt",
        "e.g",
        "eg",
        "i.e",
        "ie",
        "etc",
        "cf",
        "viz",
        "vs",
        "v",
        "approx",
        "c",
        "ca",
        "circa",
        "incl",
        "esp",
        "al",
    }
)
# Abbreviated labels that a number follows ("No. 4", "para. 3.2", "Jan. 2024"): no break before
# the number, but a capitalised word after them does start a new sentence ("... page 4 of the para. The").
NUMBERED_LABELS = frozenset(
    {
        "no",
        "nos",
        "para",
        "paras",
        "p",
        "pp",
        "ref",
        "fig",
        "figs",
        "vol",
        "ch",
        "sec",
        "s",
        "tel",
        "ext",
        "item",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    }
)


@Language.factory("sentences")
def make_sentences(nlp: Language, name: str) -> "SentenceSegmenter":
    return SentenceSegmenter()


class SentenceSegmenter:
    """Sets `token.is_sent_start` on every token (True/False), so `span.sent` works."""

    def __call__(self, doc: Doc) -> Doc:
        set_sentence_starts(doc, block_starts(doc))
        return doc


def block_starts(doc: Doc) -> set[int]:
    """Token indices where a block of `doc._.blocks` begins (the first token at or after its start)."""
    starts: set[int] = set()
    for block in doc._.blocks or []:
        start_char = block[1]
        span = doc.char_span(start_char, block[2], alignment_mode="expand")
        if span is not None and len(span):
            starts.add(span.start)
            continue
        token = _first_token_at(doc, start_char)
        if token is not None:
            starts.add(token.i)
    return starts


def _first_token_at(doc: Doc, char: int) -> Token | None:
    for token in doc:
        if token.idx + len(token.text) > char:
            return token
    return None


def set_sentence_starts(doc: Doc, structural_starts: Iterable[int] = ()) -> None:
    """Assign a True/False sentence start to each token of `doc`."""
    if not len(doc):
        return
    tokens = token_table(doc)
    starts = {i for i in structural_starts if 0 <= i < len(doc)}
    starts.add(0)
    starts.update(_punctuation_starts(doc, tokens))
    starts.update(_line_starts(tokens))
    # Whitespace tokens ("\n\n" between blocks) never start a sentence: they belong to the
    # sentence before them, so a sentence start lands on the next real token instead.
    for i in sorted(starts):
        j = i
        while j < len(doc) and tokens.is_space[j]:
            j += 1
        if j != i:
            starts.discard(i)
            if j < len(doc):
                starts.add(j)
    starts.add(0)
    # One array write: setting `token.is_sent_start` per token re-checks the whole doc for a
    # parse each time, which is quadratic on long reports.
    values = numpy.full((len(doc), 1), NOT_START, dtype="int64")
    values[sorted(starts), 0] = START
    # spaCy's array type; -1 wraps as it expects. The stub asks for thinc's Ints2d, which a numpy array is at run time.
    doc.from_array(["SENT_START"], values.astype("uint64"))  # type: ignore[arg-type]


def _line_starts(tokens: TokenTable) -> Iterable[int]:
    """A line break surviving inside a block separates table rows (the parsers join prose lines)."""
    text, is_space = tokens.text, tokens.is_space
    for i in range(len(text) - 1):
        if "\n" in text[i] and not is_space[i + 1]:  # a token's trailing whitespace is one space at most
            yield i + 1


def _punctuation_starts(doc: Doc, tokens: TokenTable) -> Iterable[int]:
    text, spaced, is_space = tokens.text, tokens.spaced, tokens.is_space
    n = len(text)
    for i, word in enumerate(text):
        if not word.endswith(TERMINAL_ENDINGS) or not _is_terminator(doc, tokens, i):
            continue
        j = i + 1
        while j < n and text[j] in CLOSING and not spaced[j - 1]:
            j += 1
        if j >= n or not spaced[j - 1]:
            continue
        nxt = j
        while nxt < n and (is_space[nxt] or text[nxt] in OPENING):
            nxt += 1
        if nxt < n and _opens_sentence(tokens, i, text[nxt]):
            yield j


def _is_terminator(doc: Doc, tokens: TokenTable, i: int) -> bool:
    """A full stop, "!" or "?" (or a word token ending in "." that is not an abbreviation)."""
    text = tokens.text[i]
    if text in TERMINATORS:
        if text == "." and i > 0 and not tokens.spaced[i - 1]:
            return tokens.lower[i - 1].rstrip(".") not in ABBREVIATIONS
        return True
    if text.endswith(".") and text[:-1].isalpha():
        if len(text) > 2:
            return text[:-1].lower() not in ABBREVIATIONS
        # "£1.5m." -> "1.5", "m.": a unit letter after a figure, then the full stop
        return i > 0 and doc[i - 1].like_num
    return False


def _opens_sentence(tokens: TokenTable, terminator: int, word: str) -> bool:
    """A capitalised word opens a sentence; so does a figure, unless the stop ended a label like "No."."""
    first = word[:1]
    if first.isupper():
        return True
    if first.isdigit() or first == "£":
        before = tokens.lower[terminator - 1].rstrip(".") if terminator > 0 else ""
        label = tokens.lower[terminator].rstrip(".") if tokens.text[terminator] != "." else before
        return label not in NUMBERED_LABELS
    return False
