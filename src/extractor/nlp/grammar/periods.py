"""Dates and periods as the genre writes them ("2019/20", "2019-2021", "23/24", "April 2018 to
March 2019", "22 January 2025"): a spaCy Matcher for finding them and functions for their bounds."""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..matching import LexicalMatcher

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = [d.lower() for d in calendar.day_name]
FINANCIAL_YEAR_START_MONTH = 4  # English public bodies: 1 April to 31 March
YEAR_RE = r"^(19|20)\d\d$"
SHORT_YEAR_RE = r"^\d\d$"
DAY_RE = r"^([1-9]|[12]\d|3[01])(st|nd|rd|th)?$"
RANGE_SEPARATORS = ["-", "–", "—", "to", "until", "through", "/"]

MONTH = {"LOWER": {"IN": sorted(MONTHS)}, "IS_LOWER": False}
YEAR = {"TEXT": {"REGEX": YEAR_RE}}
DAY = {"TEXT": {"REGEX": DAY_RE}, "OP": "?"}
SEP = {"LOWER": {"IN": RANGE_SEPARATORS}}

# Labels are also the ranking of how precisely a period is stated.
MONTH_RANGE, YEAR_RANGE, SHORT_RANGE, MONTH_YEAR, SINGLE_YEAR, FULL_DATE, NUMERIC_DATE = (
    "MONTH_RANGE",
    "YEAR_RANGE",
    "SHORT_RANGE",
    "MONTH_YEAR",
    "SINGLE_YEAR",
    "FULL_DATE",
    "NUMERIC_DATE",
)
DAY_RANGE = "DAY_RANGE"  # "2 to 6 December 2024": days of one month
REPORTING_PERIODS = {MONTH_RANGE: 4, YEAR_RANGE: 3, SHORT_RANGE: 3, SINGLE_YEAR: 1}

PERIOD_PATTERNS: dict[str, list[list[dict[str, Any]]]] = {
    MONTH_RANGE: [
        [DAY, MONTH, {**YEAR, "OP": "?"}, {"ORTH": ",", "OP": "?"}, SEP, DAY, MONTH, YEAR],
        [{"LOWER": "between"}, DAY, MONTH, {**YEAR, "OP": "?"}, {"LOWER": "and"}, DAY, MONTH, YEAR],
    ],
    YEAR_RANGE: [
        [YEAR, SEP, {"TEXT": {"REGEX": r"^(\d\d|(19|20)\d\d)$"}}],
        [YEAR, {"TEXT": {"REGEX": r"^[-–—]\d\d(\d\d)?$"}}],
        [{"TEXT": {"REGEX": r"^(19|20)\d\d[/–-]\d\d(\d\d)?$"}}],
    ],
    SHORT_RANGE: [
        [{"TEXT": {"REGEX": r"^\d\d/\d\d$"}}],
        [{"TEXT": {"REGEX": SHORT_YEAR_RE}}, {"ORTH": {"IN": ["-", "–", "/"]}}, {"TEXT": {"REGEX": SHORT_YEAR_RE}}],
    ],
    DAY_RANGE: [
        [{"TEXT": {"REGEX": DAY_RE}}, SEP, {"TEXT": {"REGEX": DAY_RE}}, MONTH, YEAR],
        [{"LOWER": "between"}, {"TEXT": {"REGEX": DAY_RE}}, {"LOWER": "and"}, {"TEXT": {"REGEX": DAY_RE}}, MONTH, YEAR],
    ],
    MONTH_YEAR: [[MONTH, YEAR]],
    FULL_DATE: [
        [
            {"LOWER": {"IN": WEEKDAYS}, "OP": "?"},
            {"ORTH": ",", "OP": "?"},
            {"TEXT": {"REGEX": DAY_RE}},
            {"LOWER": "of", "OP": "?"},
            MONTH,
            {"ORTH": ",", "OP": "?"},
            YEAR,
        ],
        [{"LOWER": {"IN": WEEKDAYS}, "OP": "?"}, {"ORTH": ",", "OP": "?"}, MONTH, {"TEXT": {"REGEX": DAY_RE}}, {"ORTH": ",", "OP": "?"}, YEAR],
    ],
    NUMERIC_DATE: [[{"TEXT": {"REGEX": r"^\d{1,2}[/.]\d{1,2}[/.](19|20)?\d\d$"}}]],
    SINGLE_YEAR: [[YEAR]],
}


def period_matcher(vocab: Any) -> Matcher:
    """A Matcher for dates and periods; use `find_periods` to get non-overlapping, checked matches."""
    matcher = LexicalMatcher(vocab)
    for label, patterns in PERIOD_PATTERNS.items():
        matcher.add(label, patterns)
    return matcher


def find_periods(matcher: Matcher, doc: Doc | Span) -> list[Span]:
    """The longest period/date expressions in `doc`, labelled with their pattern name.

    Short ranges ("23/24", "24-25") are only years when the second follows the first; "0-5"
    is an age band, so it is dropped here.
    """
    base = doc.doc if isinstance(doc, Span) else doc
    offset = doc.start if isinstance(doc, Span) else 0
    spans = [Span(base, offset + s, offset + e, label=base.vocab.strings[m]) for m, s, e in matcher(doc)]
    kept = [span for span in filter_spans(spans) if _plausible_period(span)]
    return sorted(kept, key=lambda s: s.start)


def _plausible_period(span: Span) -> bool:
    if span.label_ == SHORT_RANGE:
        first, second = _two_numbers(span.text)
        return first is not None and second == (first + 1) % 100
    if span.label_ == YEAR_RANGE:
        first, second = _two_numbers(span.text)
        return first is not None and second is not None and 0 < (second - first) % 100 <= 3
    return True


def _two_numbers(text: str) -> tuple[int | None, int | None]:
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    return (numbers[0], numbers[1]) if len(numbers) >= 2 else (None, None)


def period_bounds(span: Span) -> tuple[str | None, str | None]:
    """ISO start and end dates of a period expression.

    "2023-24" and "23/24" are financial years (1 April to 31 March); a month range runs from
    the first day of its first month (or the stated day) to the last day of its last month;
    a single year is a calendar year.
    """
    label, text = span.label_, span.text
    if label in (YEAR_RANGE, SHORT_RANGE):
        first, second = _two_numbers(text)
        if first is None or second is None:
            return None, None
        start_year = _full_year(first)
        end_year = _full_year(second, start_year)
        return _iso(start_year, FINANCIAL_YEAR_START_MONTH, 1), _iso(end_year, FINANCIAL_YEAR_START_MONTH - 1, None)
    if label == SINGLE_YEAR:
        year = int(text)
        return _iso(year, 1, 1), _iso(year, 12, 31)
    if label == MONTH_YEAR:
        month, year = _months_and_years(span)[0][0], _months_and_years(span)[1][0]
        return _iso(year, month, 1), _iso(year, month, None)
    if label == MONTH_RANGE:
        return _month_range_bounds(span)
    if label == DAY_RANGE:
        days, (months, years) = _days(span), _months_and_years(span)
        return _iso(years[0], months[0], days[0]), _iso(years[0], months[0], days[-1])
    if label in (FULL_DATE, NUMERIC_DATE):
        iso = parse_date(span)
        return iso, iso
    return None, None


def _month_range_bounds(span: Span) -> tuple[str | None, str | None]:
    months, years = _months_and_years(span)
    days = _days(span)
    if len(months) < 2 or not years:
        return None, None
    end_year = years[-1]
    start_year = years[0] if len(years) > 1 else (end_year if months[0] <= months[1] else end_year - 1)
    start_day = days[0] if len(days) == 2 else 1
    end_day = days[-1] if len(days) == 2 else None
    return _iso(start_year, months[0], start_day), _iso(end_year, months[1], end_day)


def _months_and_years(span: Span) -> tuple[list[int], list[int]]:
    months = [MONTHS[t.lower_] for t in span if t.lower_ in MONTHS and not t.is_lower]
    years = [int(t.text) for t in span if re.match(YEAR_RE, t.text)]
    return months, years


def _days(span: Span) -> list[int]:
    return [int(re.match(r"\d+", t.text).group()) for t in span if re.match(DAY_RE, t.text)]  # type: ignore[union-attr]


def _full_year(year: int, after: int | None = None) -> int:
    """Two-digit years are this century; with `after`, the first such year not before it."""
    if year >= 100:
        return year
    if after is None:
        return 2000 + year
    century = after - after % 100
    return century + year if century + year >= after else century + 100 + year


def _iso(year: int, month: int, day: int | None) -> str | None:
    """ISO date; `day=None` means the last day of the month."""
    try:
        last = calendar.monthrange(year, month)[1]
        return date(year, month, last if day is None else min(day, last)).isoformat()
    except ValueError:
        return None


def parse_date(span: Span) -> str | None:
    """ISO date of a full date expression ("Wednesday, 22 January 2025", "22/01/2025")."""
    if span.label_ == NUMERIC_DATE:
        day, month, year = (int(p) for p in re.split(r"[/.]", span.text))
        return _iso(_full_year(year), month, day) if 1 <= month <= 12 else None
    months, years = _months_and_years(span)
    days = _days(span)
    if not (months and years and days):
        return None
    return _iso(years[0], months[0], days[0])
