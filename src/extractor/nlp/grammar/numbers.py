"""The genre's number grammar: digits ("24,145", "45.2"), number words ("twenty-three", "a dozen"),
money ("£1.2m", "£300k", "£2 million"), percentages ("45%", "45 per cent"), fractions ("one-third",
"a quarter", "half of"), ratios ("1 in 5") and hedging qualifiers ("over", "fewer than"): a token
Matcher that finds number expressions and the functions that read their value."""

from __future__ import annotations

import re
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from ..matching import LexicalMatcher
from ..tokens import TokenTable

COUNT, PERCENT, GBP, PER_100, PER_10000, FRACTION = (
    "count",
    "percent",
    "GBP",
    "per_100_children",
    "per_10000_children",
    "fraction",
)


OTHER = "other"  # LABELLING.md's unit for rates other than per 100 / per 10,000 children
RATE_BASES = {100: PER_100, 1_000: OTHER, 10_000: PER_10000, 100_000: OTHER}


FRACTION_DIGITS = 4  # "one-third" -> 0.3333


SMALL_NUMBERS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}


TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}


SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}


NUMBER_WORDS = {**SMALL_NUMBERS, **TENS, **SCALE_WORDS, "dozen": 12}


MONEY_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "thousand": 1e3, "million": 1e6, "billion": 1e9}


# At the end of a sentence the tokenizer keeps the stop on the scale: "£1.5m." -> "1.5", "m.".
MONEY_SCALES.update({f"{abbreviation}.": factor for abbreviation, factor in list(MONEY_SCALES.items()) if len(abbreviation) <= 2})


FRACTION_WORDS = {
    "half": 1 / 2,
    "halves": 1 / 2,
    "third": 1 / 3,
    "thirds": 1 / 3,
    "quarter": 1 / 4,
    "quarters": 1 / 4,
    "fifth": 1 / 5,
    "fifths": 1 / 5,
    "tenth": 1 / 10,
    "tenths": 1 / 10,
}


FRACTION_NUMERATORS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}


DIGITS_RE = r"^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$"
DIGITS = re.compile(DIGITS_RE)
SLASHED = re.compile(r"^\d+/\d+$")  # "5/6": a count out of a total, or a short date


SCALED_MONEY_RE = r"^\d+(\.\d+)?(k|m|mn|bn)$"


PERCENT_WORDS = ("percent", "pc")


# Multi-word qualifiers first; values are the README's canonical qualifiers.
QUALIFIERS: list[tuple[tuple[str, ...], str]] = [
    (("in", "excess", "of"), "over"),
    (("more", "than"), "more than"),
    (("greater", "than"), "more than"),
    (("fewer", "than"), "fewer than"),
    (("less", "than"), "fewer than"),
    (("up", "to"), "up to"),
    (("at", "least"), "more than"),
    (("just", "over"), "over"),
    (("well", "over"), "over"),
    (("just", "under"), "under"),
    (("approx", "."), "approximately"),
    (("over",), "over"),
    (("under",), "under"),
    (("approximately",), "approximately"),
    (("approx",), "approximately"),
    (("around",), "approximately"),
    (("about",), "approximately"),
    (("circa",), "approximately"),
    (("roughly",), "approximately"),
    (("some",), "approximately"),
    (("nearly",), "nearly"),
    (("almost",), "almost"),
]
LONGEST_QUALIFIER = max(len(words) for words, _ in QUALIFIERS)


# "about"/"some"/"around" are qualifiers only where a quantity may follow, not "a review about three siblings".
LOOSE_QUALIFIERS = frozenset({"about", "some", "around"})


LOOSE_QUALIFIER_PRECEDERS = frozenset(
    {"was", "were", "is", "are", "be", "been", "of", "by", "to", "with", "had", "have", "has", "there", ",", "(", "and"}
)


def _number_matcher(vocab: Any) -> Matcher:
    digits = {"TEXT": {"REGEX": DIGITS_RE}}
    small = {"LOWER": {"IN": sorted(SMALL_NUMBERS)}}
    tens = {"LOWER": {"IN": sorted(TENS)}}
    scale = {"LOWER": {"IN": sorted(SCALE_WORDS)}}
    matcher = LexicalMatcher(vocab)
    matcher.add("DIGITS", [[digits], [digits, {"LOWER": {"IN": sorted(MONEY_SCALES)}}], [{"TEXT": {"REGEX": SCALED_MONEY_RE}}]], greedy="LONGEST")
    matcher.add(
        "WORDS",
        [
            [{"LOWER": {"IN": sorted(NUMBER_WORDS)}}],
            [tens, {"ORTH": "-", "OP": "?"}, small],
            [{"LOWER": {"IN": sorted(SMALL_NUMBERS) + ["a"]}}, scale],
            [{"LOWER": {"IN": sorted(SMALL_NUMBERS) + ["a"]}}, {"LOWER": "dozen"}],
            [tens, {"ORTH": "-", "OP": "?"}, small, scale],
        ],
        greedy="LONGEST",
    )
    matcher.add(
        "FRACTION",
        [
            [{"LOWER": {"IN": sorted(FRACTION_NUMERATORS)}}, {"ORTH": "-", "OP": "?"}, {"LOWER": {"IN": sorted(FRACTION_WORDS)}}],
            [{"LOWER": "half"}, {"LOWER": "of"}],
        ],
        greedy="LONGEST",
    )
    # "1 in 5", "one in five", "1 out of 10"
    ratio_number = {"TEXT": {"REGEX": DIGITS_RE + r"|^(?i:" + "|".join(sorted(SMALL_NUMBERS) + sorted(TENS)) + r")$"}}
    matcher.add(
        "RATIO",
        [
            [ratio_number, {"LOWER": "in"}, {"LOWER": "every", "OP": "?"}, ratio_number],
            [ratio_number, {"LOWER": "out"}, {"LOWER": "of"}, ratio_number],
        ],
        greedy="LONGEST",
    )
    return matcher


def _is_numeric(token: Token) -> bool:
    return is_numeric_word(token.text, token.lower_)


def is_numeric_word(text: str, lower: str) -> bool:
    """`_is_numeric` of a token with this text and lower case."""
    return bool(DIGITS.match(text)) or lower in NUMBER_WORDS or bool(SLASHED.match(text))


def numeric_indices(tokens: TokenTable) -> list[int]:
    """The indices of the tokens `_is_numeric` accepts (digits and slashes start with a digit)."""
    return [
        i
        for i, (text, lower) in enumerate(zip(tokens.text, tokens.lower))
        if (text[:1].isdigit() or lower in NUMBER_WORDS) and is_numeric_word(text, lower)
    ]


def _qualifier_word(token: Token) -> bool:
    return any(token.lower_ in words for words, _ in QUALIFIERS)


def _core_value(core: Span) -> float | None:
    if core.label_ == "FRACTION":
        if core[-1].lower_ == "of":
            return FRACTION_WORDS["half"]
        numerator = FRACTION_NUMERATORS.get(core[0].lower_, 1)
        return numerator * FRACTION_WORDS[core[-1].lower_]
    if core.label_ == "RATIO":
        numbers = [_token_value(t) for t in core if _is_numeric(t)]
        return numbers[0] / numbers[1] if len(numbers) == 2 and numbers[0] is not None and numbers[1] else None
    first = core[0].text
    scaled = re.match(SCALED_MONEY_RE, first, re.IGNORECASE)
    if scaled:
        return float(first[: scaled.start(2)]) * MONEY_SCALES[scaled.group(2).lower()]
    if re.match(DIGITS_RE, first):
        value = _digits_value(first)
        if len(core) > 1 and core[-1].lower_ in MONEY_SCALES:
            value *= MONEY_SCALES[core[-1].lower_]
        return value
    return _words_value([t.lower_ for t in core if t.text != "-"])


def _digits_value(text: str) -> float:
    return float(text.replace(",", ""))


def _words_value(words: list[str]) -> float | None:
    total, current = 0.0, 0.0
    for word in words:
        if word == "a":
            current = 1
        elif word == "dozen":
            current = (current or 1) * 12
        elif word in SCALE_WORDS:
            current = (current or 1) * SCALE_WORDS[word]
            if SCALE_WORDS[word] >= 1000:
                total, current = total + current, 0
        elif word in NUMBER_WORDS:
            current += NUMBER_WORDS[word]
        else:
            return None
    return total + current


def _percent_end(doc: Doc, end: int) -> int | None:
    if doc[end].text == "%" or doc[end].lower_ in PERCENT_WORDS:
        return end + 1
    if doc[end].lower_ == "per" and end + 1 < len(doc) and doc[end + 1].lower_ == "cent":
        return end + 2
    return None


def _qualifier(doc: Doc, start: int) -> tuple[str | None, int]:
    """The qualifier right before the number ("over", "fewer than"), canonicalised."""
    before = tuple(doc[i].lower_ for i in range(max(start - LONGEST_QUALIFIER, 0), start))  # read once, not once a qualifier
    for words, canonical in QUALIFIERS:
        begin = start - len(words)
        if begin < 0 or before[len(before) - len(words) :] != words:
            continue
        if words[0] in LOOSE_QUALIFIERS and begin > 0 and doc[begin - 1].lower_ not in LOOSE_QUALIFIER_PRECEDERS:
            continue
        return canonical, begin
    return None, start


def _token_value(token: Token) -> float | None:
    """The value of a single digits or number-word token."""
    if re.match(DIGITS_RE, token.text):
        return _digits_value(token.text)
    return NUMBER_WORDS.get(token.lower_)
