"""A number expression read as a quantity: value, unit (count, percent, GBP, rate), qualifier."""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span

from ..grammar.numbers import (
    COUNT,
    DIGITS_RE,
    FRACTION,
    FRACTION_DIGITS,
    GBP,
    MONEY_SCALES,
    PER_100,
    PERCENT,
    RATE_BASES,
    SCALE_WORDS,
    SCALED_MONEY_RE,
    _core_value,
    _digits_value,
    _is_numeric,
    _percent_end,
    _qualifier,
    _token_value,
)
from .vocabulary import COMPARISON_CUES, PROFILE_NOUNS, ROUND_DECIMALS


@dataclass
class Quantity:
    """One number expression: token range (with qualifier and unit signs) and its reading."""

    start: int
    end: int
    core_start: int
    core_end: int
    value: float
    unit: str
    qualifier: str | None = None
    rate_end: int | None = None  # token after the "per 10,000 (children)" phrase
    comparison: bool = False
    label_span: tuple[int, int] | None = None
    column: int | None = None  # its table column: equal cells in two columns are two facts
    total_row: bool = False  # in a table's Total row
    fact: dict[str, Any] = field(default_factory=dict)


def read_quantity(doc: Doc, core: Span, profile: set[int]) -> Quantity | None:
    """Value, unit and qualifier of a number expression; None when it has no usable unit."""
    start, end = core.start, core.end
    unit = COUNT
    value = _core_value(core)
    if value is None:
        return None
    if core.label_ == "FRACTION":
        unit, value = FRACTION, round(value, FRACTION_DIGITS)
        if core[-1].lower_ == "of":  # "half of": the span is "half"; "of" introduces the label
            end -= 1
    elif core.label_ == "RATIO":
        unit = FRACTION
    unsigned_scale = core.label_ == "DIGITS" and core[-1].lower_ in MONEY_SCALES and (start == 0 or doc[start - 1].text != "£")
    if unsigned_scale and core[-1].lower_ not in SCALE_WORDS:
        end -= 1
        value = _core_value(doc[start:end]) or value
    if start > 0 and doc[start - 1].text in {"£", "GBP"}:
        unit, start = GBP, start - 1
    elif core.label_ == "DIGITS" and re.match(SCALED_MONEY_RE, core[0].text):
        return None  # "300k" without "£" is not money we can be sure of
    if unit in (COUNT,) and end < len(doc):
        percent_end = _percent_end(doc, end)
        if percent_end:
            unit, end = PERCENT, percent_end
    quantity = Quantity(start, end, core.start, core.end, value, unit)
    if not _apply_rate(doc, quantity):
        return None
    if quantity.unit == COUNT and core.start in profile:
        quantity.unit = PER_100
    quantity.qualifier, quantity.start = _qualifier(doc, quantity.start)
    quantity.comparison = _is_comparison(doc, quantity.start)
    quantity.value = round(float(quantity.value), ROUND_DECIMALS)
    return quantity


def _apply_rate(doc: Doc, quantity: Quantity) -> bool:
    """ "45.2 per 10,000 children": the base makes the unit. False for a base with no unit."""
    end = quantity.end
    if end + 1 >= len(doc) or doc[end].lower_ != "per" or not re.match(DIGITS_RE, doc[end + 1].text):
        return True
    base = _digits_value(doc[end + 1].text)
    if base not in RATE_BASES:
        return False
    quantity.unit = RATE_BASES[int(base)]
    quantity.end = end + 2
    rate_end = end + 2
    if rate_end < len(doc) and doc[rate_end].lower_ in PROFILE_NOUNS + ["population", "under", "aged"]:
        rate_end += 1
    quantity.rate_end = rate_end
    return True


COMPARISON_WORDS = frozenset({"compared", "compares", "versus", "vs", "against"})


def _compared_in_between(doc: Doc, previous: Quantity, quantity: Quantity) -> bool:
    between = doc[previous.end : quantity.start]
    return any(t.lower_ in COMPARISON_WORDS for t in between) and not any(t.text in {";", ".", ":"} for t in between)


def _is_comparison(doc: Doc, start: int) -> bool:
    for cue in COMPARISON_CUES:
        begin = start - len(cue)
        if begin >= 0 and tuple(t.lower_ for t in doc[begin:start]) == cue:
            return True
    return False


def _plausible_ratio(core: Span, excluded: Container[int]) -> bool:
    """ "1 in 5", "one in five" are ratios; "300 in 2023" is a count followed by a year."""
    numbers = [t for t in core if _is_numeric(t)]
    if len(numbers) != 2 or any(t.i in excluded for t in numbers):
        return False
    first, second = (_token_value(t) for t in numbers)
    return first is not None and second is not None and 0 < first < second
